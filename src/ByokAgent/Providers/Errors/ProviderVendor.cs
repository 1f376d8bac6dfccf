namespace ByokAgent.Providers.Errors;

/// <summary>
/// The vendors whose numeric error codes overlap (Z.ai's 1002 is a bad token, MiniMax's 1002 a rate limit), so the
/// classifier must know whose codes it reads.
/// </summary>
internal enum ProviderVendor
{
    Other,
    Gemini,
    OpenRouter,
    ZAi,
    MiniMax,
    AzureOpenAI,
    Bedrock,
    Anthropic,
}

internal static class ProviderVendors
{
    /// <summary>The vendor of a config: its provider, or for an OpenAI-compatible config, the vendor its host belongs to.</summary>
    public static ProviderVendor Of(ModelConfig config)
    {
        var byProvider = config.Descriptor.Id switch
        {
            "gemini" => ProviderVendor.Gemini,
            "openrouter" => ProviderVendor.OpenRouter,
            "zai" => ProviderVendor.ZAi,
            "minimax" => ProviderVendor.MiniMax,
            "azure-openai" => ProviderVendor.AzureOpenAI,
            "bedrock" => ProviderVendor.Bedrock,
            "anthropic" => ProviderVendor.Anthropic,
            _ => ProviderVendor.Other,
        };
        if (byProvider != ProviderVendor.Other)
        {
            return byProvider;
        }

        var host = config.ResolveHost().Host;
        return host switch
        {
            _ when host.EndsWith("generativelanguage.googleapis.com", StringComparison.OrdinalIgnoreCase) => ProviderVendor.Gemini,
            _ when host.EndsWith("openrouter.ai", StringComparison.OrdinalIgnoreCase) => ProviderVendor.OpenRouter,
            _ when host.EndsWith("z.ai", StringComparison.OrdinalIgnoreCase) || host.EndsWith("bigmodel.cn", StringComparison.OrdinalIgnoreCase) => ProviderVendor.ZAi,
            _ when host.Contains("minimax", StringComparison.OrdinalIgnoreCase) => ProviderVendor.MiniMax,
            _ => ProviderVendor.Other,
        };
    }
}
