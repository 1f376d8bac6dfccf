using System.Diagnostics;
using ByokAgent.Plugins.Browser.Tests.TestSupport;

namespace ByokAgent.Plugins.Browser.Tests.Sessions;

[Collection(SharedBrowserGroup.Name)]
public sealed class SessionBrowserTests(SharedBrowserFixture fixture) : SharedBrowserTest(fixture)
{
    [Fact]
    public async Task TwoSessionsInParallel_NeverSeeEachOthersCookies()
    {
        var (alice, _) = OpenSession();
        var (bob, _) = OpenSession();

        await Task.WhenAll(
            alice.NavigateAsync(Site.Url("/cookies/set?value=alpha")),
            bob.NavigateAsync(Site.Url("/cookies/set?value=beta")));
        var shown = await Task.WhenAll(
            alice.NavigateAsync(Site.Url("/cookies/show")).ContinueWith(_ => alice.ReadTextAsync()).Unwrap(),
            bob.NavigateAsync(Site.Url("/cookies/show")).ContinueWith(_ => bob.ReadTextAsync()).Unwrap());
        var (carol, _) = OpenSession();
        await carol.NavigateAsync(Site.Url("/cookies/show"));

        shown[0].Should().Contain("Cookie: alpha").And.NotContain("beta");
        shown[1].Should().Contain("Cookie: beta").And.NotContain("alpha");
        (await carol.ReadTextAsync()).Should().Contain("Cookie: none", "a new session starts without cookies");
    }

    [Fact]
    public async Task HungPage_AnswersWithinItsTimeout_AndDoesNotBlockAnotherSession()
    {
        var (stuck, stuckBrowser) = OpenSession();
        var (other, _) = OpenSession();
        await other.NavigateAsync(Site.Url("/"));
        await stuck.NavigateAsync(Site.Url("/hang"));
        await Site.HangStarted.WaitAsync(TimeSpan.FromSeconds(10));

        var started = Stopwatch.StartNew();
        var hung = stuck.SnapshotAsync();
        var meanwhile = await other.NavigateAsync(Site.Url("/maze/0"));
        var otherSnapshot = await other.SnapshotAsync();
        var hungStillRunning = !hung.IsCompleted;
        var hungResult = await hung;

        meanwhile.Should().StartWith("Opened \"Maze room 0\"");
        otherSnapshot.Should().Contain("Door to room 1");
        hungStillRunning.Should().BeTrue("the other session finished its work while the hung page was still being waited for");
        hungResult.Should().Match(r => r.StartsWith("Timed out:", StringComparison.Ordinal) || r.StartsWith("The page did not respond within", StringComparison.Ordinal));
        started.Elapsed.Should().BeLessThan(stuckBrowser.Options.ActionTimeout + TimeSpan.FromSeconds(5), "the hung call is bounded");
        await stuckBrowser.DisposeAsync();
    }

    [Fact]
    public async Task SessionEnd_ClosesItsContext_AndLaterCallsSaySo()
    {
        var pool = Fixture.Runtime.Pool;
        var (tools, browser) = OpenSession();
        var before = pool.ContextCount;
        await tools.NavigateAsync(Site.Url("/"));
        var during = pool.ContextCount;

        await browser.DisposeAsync();

        during.Should().Be(before + 1, "the first browser tool call opened the session's context");
        pool.ContextCount.Should().Be(before);
        browser.HasContext.Should().BeFalse();
        (await tools.NavigateAsync(Site.Url("/"))).Should().Be("The browser of this session is closed: the session has ended.");
    }
}
