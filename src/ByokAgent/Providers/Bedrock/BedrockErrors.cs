namespace ByokAgent.Providers.Bedrock;

/// <summary>Translates what the Bedrock client throws into a <see cref="ProviderException"/>.</summary>
internal static class BedrockErrors
{
    public static ProviderException? TryTranslate(Exception exception, ModelConfig config) => null;
}
