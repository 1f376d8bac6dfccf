using ByokAgent.Providers.Anthropic;
using ByokAgent.Providers.AzureOpenAI;
using ByokAgent.Providers.Bedrock;
using ByokAgent.Providers.Http;
using ByokAgent.Providers.OpenAICompatible;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ByokAgent.Providers;

/// <summary>Turns a config into the <see cref="IChatClient"/> of its wire family, over the shared HTTP connection pool.</summary>
/// <remarks>Thread-safe. Clients share <see cref="ProviderHttpClientPool"/>'s handlers, and one client serves every session of a config (<see cref="ChatClientCache"/>).</remarks>
internal sealed class ChatClientFactory(ProviderHttpClientPool httpClients, IOptions<ProviderOptions> options) : IChatClientFactory
{
    private readonly ChatClientCache _cache = new();

    public IChatClient Create(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return _cache.GetOrAdd(config, c => Create(c, options.Value));
    }

    /// <summary>A client with its own timeout and retry settings (validation uses a short timeout and no retries).</summary>
    internal IChatClient Create(ModelConfig config, ProviderOptions settings)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        config.Validate();

        var httpClient = httpClients.Get(config, settings);
        var client = config.Descriptor.Wire switch
        {
            WireFamily.OpenAICompatible => OpenAICompatibleChatClient.Create(config, httpClient, settings),
            WireFamily.AnthropicMessages => AnthropicChatClient.Create(config, httpClient, settings),
            WireFamily.AzureOpenAI => AzureOpenAIChatClient.Create(config, httpClient, settings),
            WireFamily.BedrockConverse => BedrockChatClientFactory.Create(config, httpClient, settings),
            var wire => throw new ModelConfigException("provider", $"Provider '{config.Provider}' ({wire}) has no client."),
        };

        return new ProviderErrorsChatClient(client, config, settings.RequestTimeout);
    }
}
