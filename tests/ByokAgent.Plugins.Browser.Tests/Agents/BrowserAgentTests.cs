using System.Text.Json;
using ByokAgent.Agents;
using ByokAgent.Plugins.Browser.Tests.TestSupport;
using ByokAgent.Plugins.Browser.Tests.Tools;
using ByokAgent.Projects;
using ByokAgent.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Plugins.Browser.Tests.Agents;

/// <summary>Agent turns on the real runtime, the model scripted through FakeProvider, the browser real.</summary>
/// <remarks>The site and the runtime (one Chromium) serve the whole class; each test gets a fresh FakeProvider.</remarks>
public sealed class BrowserAgentTests(SharedBrowserFixture fixture) : IClassFixture<SharedBrowserFixture>, IAsyncLifetime
{
    private static readonly string[] BrowserTools =
    [
        "browser_navigate", "browser_back", "browser_snapshot", "browser_find", "browser_read_text", "browser_links", "browser_screenshot",
        "browser_click", "browser_type", "browser_select_option", "browser_press_key", "browser_wait_for", "browser_tabs",
    ];

    private FakeProvider _fake = null!;

    private BrowserTestSite Site => fixture.Site;

    private BrowserRuntime Runtime => fixture.Runtime;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Agent_LogsInThroughTheForm_AndReportsTheTextBehindIt()
    {
        var step = 0;
        // The scripted model reads each tool result as a real one would: the refs it types into come from the snapshot.
        _fake.Responder = request =>
        {
            var lastResult = LastToolResult(request);
            return Interlocked.Increment(ref step) switch
            {
                1 => FakeReply.ToolCalls(Call("browser_navigate", new { url = Site.Url("/login") })),
                2 => FakeReply.ToolCalls(Call("browser_snapshot", new { })),
                3 => FakeReply.ToolCalls(
                    Call("browser_type", new { @ref = InteractionToolsTests.RefOf(lastResult, "textbox \"Username\""), text = BrowserTestSite.UserName }),
                    Call("browser_type", new { @ref = InteractionToolsTests.RefOf(lastResult, "textbox \"Password\""), text = BrowserTestSite.Password, submit = true })),
                4 => FakeReply.ToolCalls(Call("browser_read_text", new { })),
                _ => FakeReply.Text($"Logged in. The members area says: {lastResult.Split('\n').Single(l => l.Contains("launch code", StringComparison.Ordinal))}"),
            };
        };
        await using var session = await Runtime.Runtime.CreateSessionAsync(BrowserRuntime.ConfigFor(_fake));

        var result = await session.RunAsync($"Log into {Site.Url("/login")} as {BrowserTestSite.UserName} and tell me what the members area says.");

        result.Text.Should().Be($"Logged in. The members area says: {BrowserTestSite.Secret}");
        result.ToolCalls.Select(c => c.Name).Should().Equal("browser_navigate", "browser_snapshot", "browser_type", "browser_type", "browser_read_text");
        result.ToolCalls.Should().OnlyContain(c => !c.IsError);
        result.ToolCalls[3].Result.Should().Contain("Now on \"Members area\"");
        Site.Logins.Should().Equal(BrowserTestSite.UserName);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "Refused: 169.254.169.254 is a link-local address; the browser may only visit public hosts (allow-list: ByokAgent:Browser:AllowHosts).")]
    [InlineData("/redirect-private", "Refused: {site}/redirect-private redirected to {private}private-target, and 127.0.0.1 is a loopback address; the browser may only visit public hosts (allow-list: ByokAgent:Browser:AllowHosts).")]
    public async Task Agent_SsrfAttempt_GetsTheRefusalAsItsToolResult(string url, string refusal)
    {
        var target = url.StartsWith('/') ? Site.Url(url) : url;
        var expected = refusal.Replace("{site}/", Site.BaseUri.ToString(), StringComparison.Ordinal).Replace("{private}", Site.PrivateUri.ToString(), StringComparison.Ordinal);
        _fake.Enqueue(FakeReply.ToolCalls(Call("browser_navigate", new { url = target })), FakeReply.Text("That address is off limits."));
        await using var session = await Runtime.Runtime.CreateSessionAsync(BrowserRuntime.ConfigFor(_fake));

        var result = await session.RunAsync("Read the instance metadata.");

        var call = result.ToolCalls.Should().ContainSingle().Subject;
        (call.Result, call.IsError).Should().Be((expected, false));
        LastToolResult(_fake.Requests[^1]).Should().Be(expected, "the model reads the refusal as the tool's answer");
        Site.Hits("/private-target").Should().Be(0);
    }

    [Fact]
    public async Task EverySession_HasTheBrowserTools_AndEndingItClosesItsContext()
    {
        _fake.Enqueue(FakeReply.ToolCalls(Call("browser_navigate", new { url = Site.Url("/") })), FakeReply.Text("Done."));
        var session = await Runtime.Runtime.CreateSessionAsync(BrowserRuntime.ConfigFor(_fake));
        var noContextBeforeUse = Runtime.Pool.ContextCount;

        await session.RunAsync("Open the test site.");
        var duringSession = Runtime.Pool.ContextCount;
        await session.DisposeAsync();

        session.Tools.Should().Contain(BrowserTools);
        (noContextBeforeUse, duringSession, Runtime.Pool.ContextCount).Should().Be((0, 1, 0));
        _fake.Requests[0].Json!["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).Should().Contain(BrowserTools);
    }

    [Fact]
    public async Task DeploymentSetting_TurnsTheBrowserOff()
    {
        await using var runtime = BrowserRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Plugins:Disabled:0"] = "browser" });
        await using var session = await runtime.Runtime.CreateSessionAsync(BrowserRuntime.ConfigFor(_fake));

        session.Tools.Should().NotContain(t => t.StartsWith("browser_", StringComparison.Ordinal)).And.Contain("clock_now");
    }

    [Fact]
    public async Task ProjectSetting_TurnsTheBrowserOffForThatProjectOnly()
    {
        await using var runtime = BrowserRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Plugins:Projects:reports:Disabled:0"] = "browser" });
        var reports = await runtime.Services.GetRequiredService<IProjectStore>().CreateAsync("reports");
        await using var inReports = await runtime.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = reports.Project.Id, ModelConfig = BrowserRuntime.ConfigFor(_fake) });
        await using var elsewhere = await runtime.Runtime.CreateSessionAsync(BrowserRuntime.ConfigFor(_fake));

        inReports.Tools.Should().NotContain(t => t.StartsWith("browser_", StringComparison.Ordinal));
        elsewhere.Tools.Should().Contain(BrowserTools);
    }

    private static FakeToolCall Call(string name, object arguments) => new(name, JsonSerializer.Serialize(arguments));

    private static string LastToolResult(RecordedRequest request) =>
        request.Json!["messages"]!.AsArray().LastOrDefault(m => m!["role"]!.GetValue<string>() == "tool")?["content"]?.ToString() ?? string.Empty;
}
