using System.Net;
using ByokAgent.Plugins.Browser.Safety;

namespace ByokAgent.Plugins.Browser.Tests.Safety;

public sealed class AllowedHostsTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("localhost.")]
    [InlineData("Wiki.Corp")]
    [InlineData("10.0.0.7")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("::ffff:10.0.0.7")]
    public void Contains_MatchesEntriesWithoutCaseBracketsOrTrailingDot(string host) =>
        new AllowedHosts(["localhost", "wiki.corp", "10.0.0.7", "[::1]"]).Contains(host).Should().BeTrue();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("sub.wiki.corp")]
    [InlineData("10.0.0.8")]
    public void Contains_OtherHosts_IsFalse(string host) =>
        new AllowedHosts(["localhost", "wiki.corp", "10.0.0.7"]).Contains(host).Should().BeFalse();

    [Fact]
    public void Contains_Address_MatchesOnlyIpEntries()
    {
        var allowed = new AllowedHosts(["localhost", "10.0.0.7"]);

        allowed.Contains(IPAddress.Parse("10.0.0.7")).Should().BeTrue();
        allowed.Contains(IPAddress.Loopback).Should().BeFalse("a name on the list does not open the addresses it resolves to");
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("intranet.local", true)]
    [InlineData("10.0.0.7", true)]
    [InlineData("[fd00::1]", true)]
    [InlineData("http://intranet.local", false)]
    [InlineData("intranet.local:8080", false)]
    [InlineData("intranet.local/path", false)]
    [InlineData("two words", false)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData(null, false)]
    public void IsValidEntry_AcceptsOnlyBareHosts(string? entry, bool valid) =>
        AllowedHosts.IsValidEntry(entry).Should().Be(valid);

    [Fact]
    public void ParseList_SplitsCommasAndTrims() =>
        AllowedHosts.ParseList(" 127.0.0.1, localhost ,,wiki.corp").Should().Equal("127.0.0.1", "localhost", "wiki.corp");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ParseList_Nothing_IsEmpty(string? text) => AllowedHosts.ParseList(text).Should().BeEmpty();
}
