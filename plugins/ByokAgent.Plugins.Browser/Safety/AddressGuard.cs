using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ByokAgent.Plugins.Browser.Safety;

/// <summary>
/// Decides whether the browser may reach a host: public addresses only, after DNS resolution, unless the deployment
/// allow-listed the host (<see cref="BrowserOptions.AllowHosts"/>).
/// </summary>
/// <remarks>
/// A name is refused when <em>any</em> of its addresses is non-public, so a DNS answer mixing a public and a private
/// address cannot steer the connection. The proxy connects to the addresses checked here, never to a second lookup,
/// which also defeats DNS rebinding. Thread-safe.
/// </remarks>
internal sealed class AddressGuard
{
    /// <summary>The setting a refusal message points to.</summary>
    public const string AllowListSetting = "ByokAgent:Browser:AllowHosts";

    private readonly AllowedHosts _allowed;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public AddressGuard(IOptions<BrowserOptions> options)
        : this(new AllowedHosts(options.Value.AllowHosts), Dns.GetHostAddressesAsync)
    {
    }

    internal AddressGuard(AllowedHosts allowed, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        _allowed = allowed;
        _resolve = resolve;
    }

    /// <summary>The sentence the model reads for a refused host.</summary>
    public static string RefusalMessage(string reason) =>
        $"Refused: {reason}; the browser may only visit public hosts (allow-list: {AllowListSetting}).";

    /// <summary>Checks a host name or IP literal (IPv6 with or without brackets).</summary>
    public async Task<EgressDecision> CheckHostAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var bare = host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out var literal))
        {
            return _allowed.Contains(literal) ? EgressDecision.Allow([literal]) : Check(bare, [literal], resolved: false);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await _resolve(bare, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return EgressDecision.Unreachable($"the host {bare} could not be found (DNS)");
        }

        if (addresses.Length == 0)
        {
            return EgressDecision.Unreachable($"the host {bare} has no addresses (DNS)");
        }

        return _allowed.Contains(bare) ? EgressDecision.Allow(addresses) : Check(bare, addresses, resolved: true);
    }

    private EgressDecision Check(string host, IPAddress[] addresses, bool resolved)
    {
        foreach (var address in addresses)
        {
            if (_allowed.Contains(address))
            {
                continue;
            }

            if (NonPublicAddresses.Describe(address) is { } kind)
            {
                return EgressDecision.Refuse(resolved ? $"{host} resolves to {address}, {kind}" : $"{host} is {kind}");
            }
        }

        return EgressDecision.Allow(addresses);
    }
}
