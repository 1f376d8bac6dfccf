using Microsoft.Extensions.AI;

namespace ByokAgent.Providers.Anthropic;

/// <summary>Builds the <see cref="IChatClient"/> for Anthropic Messages through the official Anthropic SDK.</summary>
internal static class AnthropicChatClient
{
    public static IChatClient Create(ModelConfig config, HttpClient httpClient, ProviderOptions options) =>
        throw new ModelConfigException("provider", $"Provider '{config.Provider}' is not available in this build yet.");
}
