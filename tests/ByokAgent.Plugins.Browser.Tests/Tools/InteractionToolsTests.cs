using System.Text.RegularExpressions;
using ByokAgent.Plugins.Browser.Tests.TestSupport;

namespace ByokAgent.Plugins.Browser.Tests.Tools;

[Collection(SharedBrowserGroup.Name)]
public sealed partial class InteractionToolsTests(SharedBrowserFixture fixture) : SharedBrowserTest(fixture)
{
    [Fact]
    public async Task LoginForm_TypedAndSubmitted_LeadsToTheMembersArea()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/login"));
        var snapshot = await tools.SnapshotAsync();
        var user = RefOf(snapshot, "textbox \"Username\"");
        var password = RefOf(snapshot, "textbox \"Password\"");

        var typedUser = await tools.TypeAsync(user, BrowserTestSite.UserName);
        var submitted = await tools.TypeAsync(password, BrowserTestSite.Password, submit: true);

        typedUser.Should().Be($"Typed 3 characters into {user}. Now on \"Log in\" — {Site.Url("/login")}.");
        submitted.Should().Be($"Typed 8 characters into {password} and pressed Enter. Now on \"Members area\" — {Site.Url("/members")}.");
        submitted.Should().NotContain(BrowserTestSite.Password, "typed text is never echoed");
        (await tools.ReadTextAsync()).Should().Contain(BrowserTestSite.Secret);
    }

    [Fact]
    public async Task Click_RefNotOnThePage_SaysSoAndHowToRecover()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));
        await tools.SnapshotAsync();

        (await tools.ClickAsync("e999")).Should().Be(
            "No element with ref e999 on the page. Refs come from the latest browser_snapshot and change when the page changes: call browser_snapshot for the current ones.");
    }

    [Theory]
    [InlineData("Sign in")]
    [InlineData("#submit")]
    public async Task Click_SomethingThatIsNotARef_ExplainsTheFormat(string reference)
    {
        var (tools, browser) = OpenSession();

        (await tools.ClickAsync(reference)).Should().Be($"'{reference}' is not an element ref. Refs look like e12; browser_snapshot lists them as [ref=e12].");
        browser.HasContext.Should().BeFalse();
    }

    [Fact]
    public async Task Click_ElementThatCannotBeTyped_ReportsTheBrowsersReason()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/login"));
        var button = RefOf(await tools.SnapshotAsync(), "button \"Sign in\"");

        (await tools.TypeAsync(button, "text")).Should().StartWith("The browser reported: Error: Element is not an <input>");
    }

    [Fact]
    public async Task SelectOption_ByLabel_ChoosesItAndThePageReacts()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/widgets"));
        var colour = RefOf(await tools.SnapshotAsync(), "combobox \"Colour\"");

        var result = await tools.SelectOptionAsync(colour, ["Blue"]);

        result.Should().Be($"Selected \"b\" in {colour}. Now on \"Widgets\" — {Site.Url("/widgets")}.");
        (await tools.ReadTextAsync()).Should().Contain("Chosen: b");
    }

    [Fact]
    public async Task SelectOption_WithoutValues_AsksForThem()
    {
        var (tools, _) = OpenSession();

        (await tools.SelectOptionAsync("e3", [])).Should().Be("Give at least one option to choose, by its label or value.");
    }

    [Fact]
    public async Task PressKey_EnterOnAField_ReachesThePage()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/widgets"));
        var search = RefOf(await tools.SnapshotAsync(), "textbox \"Search\"");
        await tools.TypeAsync(search, "gears");

        (await tools.PressKeyAsync("Enter", search)).Should().Be($"Pressed Enter on {search}. Now on \"Widgets\" — {Site.Url("/widgets")}.");
        (await tools.ReadTextAsync()).Should().Contain("Searched for gears");
    }

    [Fact]
    public async Task PressKey_UnknownKey_ReportsIt()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/widgets"));

        (await tools.PressKeyAsync("Hyperspace")).Should().Be("The browser reported: Unknown key: \"Hyperspace\"");
    }

    [Fact]
    public async Task WaitFor_TextThatAppearsLater_ReturnsOnceItIsThere()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/widgets"));
        await tools.ClickAsync(RefOf(await tools.SnapshotAsync(), "button \"Load results\""));

        (await tools.WaitForAsync("Results ready")).Should().MatchRegex("^\"Results ready\" is on the page \\(after [0-9.]+ s\\)\\.$");
    }

    [Fact]
    public async Task WaitFor_TextThatNeverAppears_StopsAtTheGivenSeconds()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/"));

        (await tools.WaitForAsync("unicorn", 0.5)).Should().Be("\"unicorn\" did not appear within 0.5 s.");
    }

    [Fact]
    public async Task WaitFor_SecondsOnly_Waits()
    {
        var (tools, _) = OpenSession();

        (await tools.WaitForAsync(seconds: 0.2)).Should().Be("Waited 0.2 s.");
    }

    [Theory]
    [InlineData(null, null, "Give text to wait for, seconds to wait, or both.")]
    [InlineData("x", -1.0, "seconds must be between 0 and 30 (ByokAgent:Browser:MaxWait).")]
    [InlineData(null, 3600.0, "seconds must be between 0 and 30 (ByokAgent:Browser:MaxWait).")]
    public async Task WaitFor_BadArguments_AreExplained(string? text, double? seconds, string expected)
    {
        var (tools, _) = OpenSession();

        (await tools.WaitForAsync(text, seconds)).Should().Be(expected);
    }

    [Fact]
    public async Task Download_ClickedLink_IsSavedAsAProjectFile()
    {
        var (tools, _) = OpenSession();
        await tools.NavigateAsync(Site.Url("/downloads"));
        var link = RefOf(await tools.SnapshotAsync(), "link \"report.csv\"");

        var result = await tools.ClickAsync(link);

        var path = Regex.Match(result, @"browser/downloads/report( \(\d+\))?\.csv").Value;
        result.Should().EndWith($"\nDownloaded report.csv (28 B) and saved it as the project file {path}.");
        (await Fixture.Runtime.ReadFileAsync(path)).Should().Be(BrowserTestSite.ReportCsv);
    }

    [Fact]
    public async Task Download_OpenedDirectly_IsSavedToo_WithoutReplacingAnEarlierOne()
    {
        var (tools, _) = OpenSession();

        var first = await tools.NavigateAsync(Site.Url("/files/report.csv"));
        var second = await tools.NavigateAsync(Site.Url("/files/report.csv"));

        first.Should().StartWith($"{Site.Url("/files/report.csv")} is a file, not a page: the browser downloads it.\nDownloaded report.csv (28 B) and saved it as the project file browser/downloads/report");
        var firstPath = Regex.Match(first, @"browser/downloads/\S+\.csv").Value;
        var secondPath = Regex.Match(second, @"browser/downloads/\S+( \(\d+\))?\.csv").Value;
        secondPath.Should().NotBe(firstPath);
        (await Fixture.Runtime.ReadFileAsync(secondPath)).Should().Be(BrowserTestSite.ReportCsv);
    }

    internal static string RefOf(string snapshot, string element) =>
        Regex.Match(snapshot, $"{Regex.Escape(element)}[^\\n]*\\[ref=((?:f\\d+)?e\\d+)\\]") is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"No {element} in: {snapshot}");
}
