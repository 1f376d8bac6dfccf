using System.Net;

namespace ByokAgent.Plugins.Browser.Safety;

/// <summary>
/// The hosts a deployment opened to the browser although they are not public (<see cref="BrowserOptions.AllowHosts"/>
/// plus <c>BYOK_BROWSER_ALLOW_HOSTS</c>): exact names and IP literals, compared without case, brackets or a trailing dot.
/// </summary>
internal sealed class AllowedHosts
{
    private readonly HashSet<string> _names;
    private readonly HashSet<IPAddress> _addresses;

    public AllowedHosts(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        _addresses = [];
        foreach (var entry in entries)
        {
            var host = Normalize(entry);
            if (IPAddress.TryParse(host, out var address))
            {
                _addresses.Add(Canonical(address));
            }
            else if (host.Length > 0)
            {
                _names.Add(host);
            }
        }
    }

    /// <summary>Whether the host, as written in a URL, is on the list (by name, or as the same IP literal).</summary>
    public bool Contains(string host)
    {
        var normalized = Normalize(host);
        return IPAddress.TryParse(normalized, out var address) ? Contains(address) : _names.Contains(normalized);
    }

    /// <summary>Whether the address is on the list as an IP literal (so any name that resolves to it may be visited).</summary>
    public bool Contains(IPAddress address) => _addresses.Contains(Canonical(address));

    /// <summary>Whether a settings entry is a bare host name or IP literal (no scheme, port, path or spaces).</summary>
    public static bool IsValidEntry(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var host = Normalize(entry);
        return IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;
    }

    /// <summary>Splits <c>BYOK_BROWSER_ALLOW_HOSTS</c>-style text (<c>127.0.0.1, localhost</c>) into entries.</summary>
    public static IEnumerable<string> ParseList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Normalize(string host)
    {
        var trimmed = host.Trim().TrimEnd('.');
        return trimmed.Length > 1 && trimmed[0] == '[' && trimmed[^1] == ']' ? trimmed[1..^1] : trimmed;
    }

    // ::ffff:127.0.0.1 and 127.0.0.1 are the same host for the allow-list, as they are for the network.
    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
