using System.Net;
using ByokAgent.Plugins.Browser.Safety;

namespace ByokAgent.Plugins.Browser.Tests.Safety;

public sealed class NonPublicAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("127.255.0.9", "a loopback address")]
    [InlineData("10.1.2.3", "a private address")]
    [InlineData("172.16.0.1", "a private address")]
    [InlineData("172.31.255.254", "a private address")]
    [InlineData("192.168.1.1", "a private address")]
    [InlineData("100.64.0.1", "a carrier-grade NAT (shared) address")]
    [InlineData("169.254.169.254", "a link-local address")]
    [InlineData("0.0.0.0", "an unspecified address")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("255.255.255.255", "a reserved address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("::", "an unspecified address")]
    [InlineData("fd00::1", "a unique-local address")]
    [InlineData("fc12:3456::1", "a unique-local address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("ff02::1", "a multicast address")]
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("::ffff:169.254.169.254", "a link-local address")]
    [InlineData("64:ff9b::a00:1", "a private address")]
    public void Describe_NonPublicAddress_NamesItsKind(string address, string kind) =>
        NonPublicAddresses.Describe(IPAddress.Parse(address)).Should().Be(kind);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Describe_PublicAddress_IsNull(string address) =>
        NonPublicAddresses.Describe(IPAddress.Parse(address)).Should().BeNull();
}
