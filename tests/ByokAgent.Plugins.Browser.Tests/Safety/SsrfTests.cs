using ByokAgent.Plugins.Browser.Tests.TestSupport;

namespace ByokAgent.Plugins.Browser.Tests.Safety;

/// <summary>The browser only reaches public hosts: the test site is allow-listed as <c>localhost</c>, never as 127.0.0.1.</summary>
[Collection(SharedBrowserGroup.Name)]
public sealed class SsrfTests(SharedBrowserFixture fixture) : SharedBrowserTest(fixture)
{
    private const string AllowList = "; the browser may only visit public hosts (allow-list: ByokAgent:Browser:AllowHosts).";

    [Fact]
    public async Task Navigate_CloudMetadataAddress_IsRefused()
    {
        var (tools, browser) = OpenSession();

        var result = await tools.NavigateAsync("http://169.254.169.254/latest/meta-data/");

        result.Should().Be("Refused: 169.254.169.254 is a link-local address; the browser may only visit public hosts (allow-list: ByokAgent:Browser:AllowHosts).");
        browser.HasContext.Should().BeFalse("a refused address never starts the browser");
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/private-target", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]:{port}/private-target", "::1 is a loopback address")]
    [InlineData("http://10.0.0.1/", "10.0.0.1 is a private address")]
    [InlineData("http://192.168.1.1/admin", "192.168.1.1 is a private address")]
    [InlineData("https://[fd00::1]/", "fd00::1 is a unique-local address")]
    [InlineData("http://0.0.0.0:{port}/private-target", "0.0.0.0 is an unspecified address")]
    public async Task Navigate_NonPublicAddress_IsRefused(string url, string reason)
    {
        var (tools, _) = OpenSession();

        var result = await tools.NavigateAsync(url.Replace("{port}", Site.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        result.Should().Be($"Refused: {reason}{AllowList}");
        Site.Hits("/private-target").Should().Be(0);
    }

    [Fact]
    public async Task Navigate_PageRedirectingToAPrivateAddress_IsRefusedAtTheRedirect()
    {
        var (tools, _) = OpenSession();

        var result = await tools.NavigateAsync(Site.Url("/redirect-private"));

        result.Should().Be($"Refused: {Site.Url("/redirect-private")} redirected to {Site.PrivateUri}private-target, and 127.0.0.1 is a loopback address{AllowList}");
        Site.Hits("/redirect-private").Should().BeGreaterThan(0);
        Site.Hits("/private-target").Should().Be(0, "the redirect hop never left the proxy");
    }

    [Fact]
    public async Task Navigate_PageRedirectingToTheMetadataAddress_IsRefused()
    {
        var (tools, _) = OpenSession();

        var result = await tools.NavigateAsync(Site.Url("/redirect-metadata"));

        result.Should().Be($"Refused: {Site.Url("/redirect-metadata")} redirected to http://169.254.169.254/latest/meta-data/, and 169.254.169.254 is a link-local address{AllowList}");
    }

    [Fact]
    public async Task Subresource_OnAPrivateAddress_IsBlockedAndReported()
    {
        var (tools, _) = OpenSession();

        var result = await tools.NavigateAsync(Site.Url("/embeds-private"));

        result.Should().StartWith($"Opened \"Embeds\" — {Site.Url("/embeds-private")} (HTTP 200 OK).")
            .And.EndWith("\nBlocked 1 request(s) of the page to non-public addresses: 127.0.0.1 is a loopback address.");
        Site.Hits("/private-pixel").Should().Be(0);
    }
}
