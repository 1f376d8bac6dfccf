using System.Net;
using System.Net.Sockets;
using ByokAgent.Plugins.Browser.Safety;

namespace ByokAgent.Plugins.Browser.Tests.Safety;

public sealed class AddressGuardTests
{
    private static readonly Dictionary<string, IPAddress[]> Dns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["public.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1::1")],
        ["internal.example"] = [IPAddress.Parse("10.0.0.5")],
        ["mixed.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("192.168.0.10")],
        ["metadata.example"] = [IPAddress.Parse("169.254.169.254")],
        ["wiki.corp"] = [IPAddress.Parse("10.0.0.7")],
    };

    [Fact]
    public async Task PublicName_IsAllowed_WithTheResolvedAddresses()
    {
        var decision = await Guard().CheckHostAsync("public.example", default);

        decision.IsAllowed.Should().BeTrue();
        decision.Addresses.Should().Equal(Dns["public.example"]);
    }

    [Theory]
    [InlineData("internal.example", "internal.example resolves to 10.0.0.5, a private address")]
    [InlineData("metadata.example", "metadata.example resolves to 169.254.169.254, a link-local address")]
    [InlineData("mixed.example", "mixed.example resolves to 192.168.0.10, a private address")]
    [InlineData("169.254.169.254", "169.254.169.254 is a link-local address")]
    [InlineData("[::1]", "::1 is a loopback address")]
    [InlineData("fd12::1", "fd12::1 is a unique-local address")]
    public async Task NonPublicHost_IsRefused_SayingWhy(string host, string reason)
    {
        var decision = await Guard().CheckHostAsync(host, default);

        decision.Verdict.Should().Be(EgressVerdict.Refused);
        decision.Reason.Should().Be(reason);
    }

    [Fact]
    public async Task AllowListedName_IsAllowed_ThoughItIsPrivate()
    {
        var decision = await Guard("wiki.corp").CheckHostAsync("WIKI.corp", default);

        decision.IsAllowed.Should().BeTrue();
        decision.Addresses.Should().Equal(IPAddress.Parse("10.0.0.7"));
    }

    [Fact]
    public async Task AllowListedAddress_OpensEveryNameThatResolvesToIt()
    {
        var guard = Guard("10.0.0.7");

        (await guard.CheckHostAsync("wiki.corp", default)).IsAllowed.Should().BeTrue();
        (await guard.CheckHostAsync("10.0.0.7", default)).IsAllowed.Should().BeTrue();
        (await guard.CheckHostAsync("internal.example", default)).IsAllowed.Should().BeFalse("10.0.0.5 is not on the list");
    }

    [Fact]
    public async Task UnknownName_IsUnreachable_NotRefused()
    {
        var decision = await Guard().CheckHostAsync("nowhere.example", default);

        decision.Verdict.Should().Be(EgressVerdict.Unreachable);
        decision.Reason.Should().Be("the host nowhere.example could not be found (DNS)");
    }

    [Fact]
    public async Task Localhost_ResolvedByTheSystem_IsRefusedAsLoopback()
    {
        var guard = new AddressGuard(new AllowedHosts([]), System.Net.Dns.GetHostAddressesAsync);

        var decision = await guard.CheckHostAsync("localhost", default);

        decision.Verdict.Should().Be(EgressVerdict.Refused);
        decision.Reason.Should().StartWith("localhost resolves to ").And.EndWith(", a loopback address");
    }

    [Fact]
    public void RefusalMessage_PointsToTheAllowListSetting() =>
        AddressGuard.RefusalMessage("169.254.169.254 is a link-local address").Should().Be(
            "Refused: 169.254.169.254 is a link-local address; the browser may only visit public hosts (allow-list: ByokAgent:Browser:AllowHosts).");

    private static AddressGuard Guard(params string[] allowed) =>
        new(new AllowedHosts(allowed), (host, _) =>
            Dns.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)));
}
