using System.Net;

namespace ByokAgent.Plugins.Browser.Safety;

/// <summary>
/// The address ranges an agent's browser must not reach: the machine itself, private networks, link-local (cloud
/// metadata at 169.254.169.254), and ranges that are not unicast internet addresses at all.
/// </summary>
internal static class NonPublicAddresses
{
    private static readonly (IPNetwork Network, string Kind)[] Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT (shared) address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    // IPv6 forms that carry an IPv4 address in their last 32 bits: the IPv4 address decides.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");

    /// <summary>What kind of non-public address this is ("a loopback address"), or <see langword="null"/> for a public one.</summary>
    public static string? Describe(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return Describe(address.MapToIPv4());
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            && (Nat64.Contains(address) || IPv4Compatible.Contains(address))
            && !address.Equals(IPAddress.IPv6Loopback)
            && !address.Equals(IPAddress.IPv6Any))
        {
            return Describe(EmbeddedIPv4(address));
        }

        foreach (var (network, kind) in Ranges)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        return null;
    }

    private static IPAddress EmbeddedIPv4(IPAddress address) => new(address.GetAddressBytes()[12..]);
}
