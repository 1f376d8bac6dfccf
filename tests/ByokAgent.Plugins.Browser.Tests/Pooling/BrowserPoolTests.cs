using System.Diagnostics;
using System.Text.Json;
using ByokAgent.Plugins.Browser.Tests.TestSupport;

namespace ByokAgent.Plugins.Browser.Tests.Pooling;

/// <summary>Pool behaviour that needs a runtime (and a Chromium) of its own.</summary>
public sealed class BrowserPoolTests : IAsyncLifetime
{
    private BrowserTestSite _site = null!;

    public async Task InitializeAsync() => _site = await BrowserTestSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task PastMaxContexts_TheBrowserIsBusy_UntilASessionEnds()
    {
        await using var runtime = BrowserRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Browser:MaxContexts"] = "1" });
        var (first, firstBrowser) = runtime.OpenSession();
        var (second, secondBrowser) = runtime.OpenSession();
        await using var secondLease = secondBrowser;

        await first.NavigateAsync(_site.Url("/"));
        var refused = await second.NavigateAsync(_site.Url("/"));
        await firstBrowser.DisposeAsync();
        var afterwards = await second.NavigateAsync(_site.Url("/"));

        refused.Should().Be("The browser is busy: 1 session holds a browser context (ByokAgent:Browser:MaxContexts). Try again in a few minutes.");
        afterwards.Should().StartWith("Opened \"Test Site Home\"");
    }

    [Fact]
    public async Task ChromiumCrash_TheNextCallRelaunchesIt_AndTellsTheModelThePagesAreGone()
    {
        await using var runtime = BrowserRuntime.Create();
        var (tools, browser) = runtime.OpenSession();
        await using var session = browser;
        await tools.NavigateAsync(_site.Url("/cookies/set?value=before-crash"));
        var chromium = runtime.Pool.CurrentBrowser!;
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chromium.Disconnected += (_, _) => disconnected.TrySetResult();

        Process.GetProcessById(await BrowserProcessIdAsync(chromium)).Kill(entireProcessTree: true);
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var result = await tools.NavigateAsync(_site.Url("/cookies/show"));

        result.Should().StartWith("Note: the browser had stopped (it crashed or was restarted), so this is a fresh one: earlier pages, cookies and logins are gone.\nOpened \"Cookies\"");
        (await tools.ReadTextAsync()).Should().Contain("Cookie: none");
        runtime.Pool.CurrentBrowser.Should().NotBeSameAs(chromium);
        runtime.Pool.ContextCount.Should().Be(1, "the dead context's slot was given back");
    }

    [Fact]
    public async Task IdleSession_LosesItsContext_AndTheNextCallStartsAFreshOne()
    {
        var time = new ManualTimeProvider();
        await using var runtime = BrowserRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Browser:IdleTimeout"] = "00:05:00" }, time);
        var (tools, browser) = runtime.OpenSession();
        await using var session = browser;
        await tools.NavigateAsync(_site.Url("/cookies/set?value=before-idle"));

        time.Advance(TimeSpan.FromMinutes(4));
        var stillOpen = browser.HasContext;
        time.Advance(TimeSpan.FromMinutes(1));
        await browser.IdleClosing;
        var closed = !browser.HasContext;
        var contextsWhileIdle = runtime.Pool.ContextCount;
        var result = await tools.NavigateAsync(_site.Url("/cookies/show"));

        (stillOpen, closed, contextsWhileIdle).Should().Be((true, true, 0));
        result.Should().StartWith("Note: this session's browser was closed after 5 min without use, so this is a fresh one: earlier pages, cookies and logins are gone.\nOpened \"Cookies\"");
        (await tools.ReadTextAsync()).Should().Contain("Cookie: none");
    }

    [Fact]
    public async Task MissingChromium_IsReportedToTheModel_WithWhatToDo()
    {
        await using var runtime = BrowserRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Browser:ExecutablePath"] = "/nonexistent/chromium" });
        var (tools, browser) = runtime.OpenSession();
        await using var session = browser;

        var result = await tools.NavigateAsync(_site.Url("/"));

        result.Should().Be("The browser is not installed: /nonexistent/chromium does not exist. Install Debian's chromium package (scripts/setup/chromium.sh) or set ByokAgent:Browser:ExecutablePath.");
        runtime.Pool.ContextCount.Should().Be(0);
    }

    // Chromium's own process id, as its DevTools protocol reports it.
    private static async Task<int> BrowserProcessIdAsync(Microsoft.Playwright.IBrowser chromium)
    {
        var cdp = await chromium.NewBrowserCDPSessionAsync();
        var info = await cdp.SendAsync("SystemInfo.getProcessInfo");
        return info!.Value.GetProperty("processInfo").EnumerateArray()
            .Single(p => p.GetProperty("type").GetString() == "browser")
            .GetProperty("id").GetInt32();
    }
}
