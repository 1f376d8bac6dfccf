using ByokAgent.Plugins.Browser.Tests.TestSupport;

namespace ByokAgent.Plugins.Browser.Tests.Tools;

[Collection(SharedBrowserGroup.Name)]
public sealed class TabToolsTests(SharedBrowserFixture fixture) : SharedBrowserTest(fixture)
{
    [Fact]
    public async Task LinkWithATarget_OpensANewTab_ThatBecomesCurrent()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/popup"));
        var link = InteractionToolsTests.RefOf(await tools.SnapshotAsync(), "link \"Open the exit in a new tab\"");

        var result = await tools.ClickAsync(link);

        result.Should().Be($"Clicked {link}. It opened a new tab, now the current one: \"Maze exit\" — {Site.Url("/maze/5")} (tab 2 of 2).");
        (await tools.ReadTextAsync()).Should().Contain("treasure-42");
    }

    [Fact]
    public async Task Tabs_OpenListSwitchAndClose()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));

        var opened = await tools.TabsAsync("open", url: Site.Url("/maze/0"));
        var list = await tools.TabsAsync("list");
        var switched = await tools.TabsAsync("switch", 1);
        var closed = await tools.TabsAsync("close", 2);

        opened.Should().StartWith($"New tab 2 is now the current one. Opened \"Maze room 0\" — {Site.Url("/maze/0")} (tab 2 of 2) (HTTP 200 OK).");
        list.Should().Be($"2 tabs:\n1. \"Test Site Home\" — {Site.Url("/")}\n2. \"Maze room 0\" — {Site.Url("/maze/0")} (current)");
        switched.Should().Be($"Switched to \"Test Site Home\" — {Site.Url("/")} (tab 1 of 2).");
        closed.Should().Be($"Closed the tab. The current tab is \"Test Site Home\" — {Site.Url("/")}.");
    }

    [Fact]
    public async Task Tabs_PastTheLimit_AreRefused()
    {
        var (tools, browser) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));
        for (var i = 1; i < browser.Options.MaxPagesPerContext; i++)
        {
            (await tools.TabsAsync("open")).Should().StartWith($"Opened an empty tab {i + 1}");
        }

        (await tools.TabsAsync("open")).Should().Be(
            "Too many tabs: this session has 5 open, the limit (ByokAgent:Browser:MaxPagesPerContext). Close one with browser_tabs first.");
    }

    [Theory]
    [InlineData("juggle", null, "Unknown tabs action 'juggle': use list, open, switch or close.")]
    [InlineData("switch", null, "Give the index of the tab to switch to (browser_tabs with action list shows them).")]
    [InlineData("switch", 7, "There is no tab 7: the tabs are numbered 1 to 1.")]
    [InlineData("close", 0, "There is no tab 0: the tabs are numbered 1 to 1.")]
    public async Task Tabs_BadArguments_AreExplained(string action, int? index, string expected)
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));

        (await tools.TabsAsync(action, index)).Should().Be(expected);
    }

    [Fact]
    public async Task Tabs_OpenAtAPrivateAddress_IsRefused()
    {
        var (tools, _) = OpenSession();

        (await tools.TabsAsync("open", url: "http://169.254.169.254/")).Should().StartWith("Refused: 169.254.169.254 is a link-local address;");
    }
}
