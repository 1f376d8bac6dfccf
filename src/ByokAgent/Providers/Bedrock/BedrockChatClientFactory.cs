using Microsoft.Extensions.AI;

namespace ByokAgent.Providers.Bedrock;

/// <summary>Builds the <see cref="IChatClient"/> for AWS Bedrock Converse through ByokAgent.Bedrock.</summary>
internal static class BedrockChatClientFactory
{
    public static IChatClient Create(ModelConfig config, HttpClient httpClient, ProviderOptions options) =>
        throw new ModelConfigException("provider", $"Provider '{config.Provider}' is not available in this build yet.");
}
