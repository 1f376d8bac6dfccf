using Microsoft.Extensions.AI;

namespace ByokAgent.Providers.AzureOpenAI;

/// <summary>Builds the <see cref="IChatClient"/> for Azure OpenAI deployments through the OpenAI SDK.</summary>
internal static class AzureOpenAIChatClient
{
    public static IChatClient Create(ModelConfig config, HttpClient httpClient, ProviderOptions options) =>
        throw new ModelConfigException("provider", $"Provider '{config.Provider}' is not available in this build yet.");
}
