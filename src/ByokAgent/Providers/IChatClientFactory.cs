using Microsoft.Extensions.AI;

namespace ByokAgent.Providers;

/// <summary>The single place where a <see cref="ModelConfig"/> becomes a chat client.</summary>
public interface IChatClientFactory
{
    /// <summary>Creates a client for <paramref name="config"/>; its failures surface as <see cref="ProviderException"/>.</summary>
    /// <exception cref="ModelConfigException">The config is incomplete or malformed.</exception>
    IChatClient Create(ModelConfig config);
}
