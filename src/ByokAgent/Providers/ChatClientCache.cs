using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace ByokAgent.Providers;

/// <summary>
/// The provider clients already built, one per distinct config, so sessions on the same config share one.
/// </summary>
/// <remarks>
/// <para>Building a client is most of what opening a session costs outside the store (the OpenAI SDK alone builds its
/// pipeline and a user-agent string by reflection, ~0.15 ms); a provider client holds no per-conversation state, so one
/// serves every session of its config.</para>
/// <para>Keyed by a SHA-256 of every field (the key included, so a new key gets a new client), never by the fields
/// themselves: no secret sits in the key of a long-lived dictionary. Bounded: past <see cref="Capacity"/> configs the
/// cache starts over (clients need no disposal: their HTTP handlers belong to the shared pool).</para>
/// </remarks>
internal sealed class ChatClientCache
{
    /// <summary>Most configs kept; a deployment with more distinct configs than this just builds clients more often.</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    public IChatClient GetOrAdd(ModelConfig config, Func<ModelConfig, IChatClient> create)
    {
        var key = Fingerprint(config);
        if (_clients.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_clients.Count >= Capacity)
        {
            _clients.Clear();
        }

        return _clients.GetOrAdd(key, _ => create(config));
    }

    private static string Fingerprint(ModelConfig config)
    {
        var text = new StringBuilder(256)
            .Append(config.Provider).Append('\n')
            .Append(config.ApiKey).Append('\n')
            .Append(config.ApiHost).Append('\n')
            .Append(config.Model).Append('\n')
            .Append(config.Proxy).Append('\n');
        foreach (var (name, value) in config.Extras.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append("x:").Append(name.ToUpperInvariant()).Append('=').Append(value).Append('\n');
        }

        foreach (var (name, value) in config.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append("h:").Append(name.ToUpperInvariant()).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
