namespace ByokAgent.Observability;

/// <summary>The <c>gen_ai.provider.name</c> of a catalog provider: the conventions' well-known value where there is one, else the catalog id.</summary>
internal static class GenAiProviderNames
{
    public static string Of(string providerId) => providerId switch
    {
        "gemini" => "gcp.gemini",
        "azure-openai" => "azure.ai.openai",
        "bedrock" => "aws.bedrock",
        _ => providerId,
    };
}
