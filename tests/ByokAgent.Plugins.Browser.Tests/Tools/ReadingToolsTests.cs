using System.Text.RegularExpressions;
using ByokAgent.Plugins.Browser.Tests.TestSupport;
using ByokAgent.Plugins.Browser.Tools;

namespace ByokAgent.Plugins.Browser.Tests.Tools;

[Collection(SharedBrowserGroup.Name)]
public sealed class ReadingToolsTests(SharedBrowserFixture fixture) : SharedBrowserTest(fixture)
{
    [Fact]
    public async Task Snapshot_OfAPageWith20kWords_IsCapped_AndContinuesAtTheOffset()
    {
        var (tools, browser) = OpenSession();
        await tools.NavigateAsync(Site.Url("/long"));

        var first = await tools.SnapshotAsync();
        var next = NextOffset(first, "browser_snapshot");
        var second = await tools.SnapshotAsync(next);

        Content(first).Length.Should().BeLessThanOrEqualTo(browser.Options.SnapshotMaxChars);
        first.Should().Contain("heading \"A very long page\"").And.NotContain("The end of the long page.");
        second.Should().NotContain("heading \"A very long page\"");
        Content(second).Should().StartWith("  - paragraph", "the window continues at a whole line");
    }

    [Fact]
    public async Task Snapshot_LastWindow_ReachesTheEndOfThePage()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/long"));

        var window = await tools.SnapshotAsync();
        var windows = 1;
        while (window.Contains("call browser_snapshot with offset=", StringComparison.Ordinal))
        {
            window = await tools.SnapshotAsync(NextOffset(window, "browser_snapshot"));
            windows++;
        }

        window.Should().Contain("The end of the long page.");
        windows.Should().BeGreaterThan(2, "20,000 words do not fit in two windows of 8000 characters");
    }

    [Fact]
    public async Task ReadText_IsCappedAndFenced()
    {
        var (tools, browser) = OpenSession();
        await tools.NavigateAsync(Site.Url("/long"));

        var text = await tools.ReadTextAsync();

        text.Should().StartWith($"Text of \"Long page\" — {Site.Url("/long")}:\n{UntrustedContent.Begin}\nA very long page\n");
        Content(text).Length.Should().BeLessThanOrEqualTo(browser.Options.TextMaxChars);
        text.Should().MatchRegex(@"\n… cut at character \d+ of \d+; call browser_read_text with offset=\d+ for more\.$");
    }

    [Fact]
    public async Task ReadingBeforeAnyPageIsOpen_AsksToNavigateFirst()
    {
        var (tools, _) = OpenSession();

        (await tools.SnapshotAsync()).Should().Be("The current tab is empty: open a page with browser_navigate first.");
        (await tools.ClickAsync("e1")).Should().Be("The current tab is empty: open a page with browser_navigate first.");
    }

    [Theory]
    [InlineData(-5, "offset must be 0 or more (got -5).")]
    [InlineData(1_000_000, "Nothing at offset 1000000: the content has ")]
    public async Task OffsetOutOfRange_IsExplained(int offset, string expected)
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));

        (await tools.SnapshotAsync(offset)).Should().StartWith(expected);
        (await tools.ReadTextAsync(offset)).Should().StartWith(expected);
    }

    [Fact]
    public async Task Find_Text_GivesMatchingLinesWithRefs()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/login"));

        var result = await tools.FindAsync("sign IN");

        result.Should().MatchRegex(
            $"^1 match\\(es\\) for \"sign IN\" on \"Log in\" — .*:\n{Regex.Escape(UntrustedContent.Begin)}\n- button \"Sign in\" \\[ref=e\\d+\\]\n{Regex.Escape(UntrustedContent.End)}$");
    }

    [Fact]
    public async Task Find_Regex_MatchesSeveralLines()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/maze/0"));

        var result = await tools.FindAsync("^- link \"(Dark|Narrow)", regex: true);

        result.Should().StartWith("2 match(es) for").And.Contain("Dark corridor").And.Contain("Narrow stairs").And.NotContain("Door to room");
    }

    [Fact]
    public async Task Find_NoMatch_SaysSo()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));

        (await tools.FindAsync("unicorn")).Should().Be($"No match for \"unicorn\" on \"Test Site Home\" — {Site.Url("/")}.");
    }

    [Theory]
    [InlineData("", false, "Give the text to find.")]
    [InlineData("(unclosed", true, "Invalid regular expression: Invalid pattern '(unclosed' at offset 9. Not enough )'s.")]
    public async Task Find_BadInput_IsExplained(string text, bool regex, string expected)
    {
        var (tools, browser) = OpenSession();

        (await tools.FindAsync(text, regex)).Should().Be(expected);
        browser.HasContext.Should().BeFalse();
    }

    [Fact]
    public async Task Links_ListTextAndAbsoluteAddresses()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));

        var links = await tools.LinksAsync();

        links.Should().StartWith($"3 link(s) on \"Test Site Home\" — {Site.Url("/")}:\n{UntrustedContent.Begin}\n")
            .And.Contain($"- Log in → {Site.Url("/login")}\n")
            .And.Contain($"- Enter the maze → {Site.Url("/maze/0")}\n")
            .And.Contain($"- Downloads → {Site.Url("/downloads")}\n");
    }

    [Fact]
    public async Task Screenshot_IsSavedAsAProjectPng()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));

        var result = await tools.ScreenshotAsync();

        result.Should().MatchRegex($"^Saved a screenshot of \"Test Site Home\" — .* as the project file browser/screenshots/\\d{{8}}-\\d{{6}}-\\d{{3}}\\.png \\(.*KB\\)\\.$");
        var path = Regex.Match(result, @"browser/screenshots/\S+\.png").Value;
        await using var png = await Fixture.Runtime.Files.OpenReadAsync(BrowserRuntime.ProjectId, path);
        var signature = new byte[8];
        await png.ReadExactlyAsync(signature);
        signature.Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
    }

    internal static int NextOffset(string result, string tool)
    {
        var match = Regex.Match(result, $"call {tool} with offset=(\\d+) for more");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : throw new InvalidOperationException($"No continuation in: {result}");
    }

    // The text between the untrusted-content markers.
    private static string Content(string result)
    {
        var start = result.IndexOf(UntrustedContent.Begin, StringComparison.Ordinal) + UntrustedContent.Begin.Length + 1;
        return result[start..result.IndexOf("\n" + UntrustedContent.End, StringComparison.Ordinal)];
    }
}
