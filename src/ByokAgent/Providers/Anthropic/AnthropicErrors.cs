namespace ByokAgent.Providers.Anthropic;

/// <summary>Translates what the Anthropic client throws into a <see cref="ProviderException"/>.</summary>
internal static class AnthropicErrors
{
    public static ProviderException? TryTranslate(Exception exception, ModelConfig config) => null;
}
