using ByokAgent.Plugins.Browser.Sessions;
using ByokAgent.Plugins.Browser.Tools;

namespace ByokAgent.Plugins.Browser.Tests.TestSupport;

/// <summary>
/// A test on the shared browser: the sessions it opens are ended when it ends (xunit makes an instance per test), so
/// their contexts never pile up in the shared Chromium.
/// </summary>
public abstract class SharedBrowserTest(SharedBrowserFixture fixture) : IAsyncLifetime
{
    private readonly List<SessionBrowser> _sessions = [];

    public SharedBrowserFixture Fixture => fixture;

    public BrowserTestSite Site => fixture.Site;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>The tools of a new session in the shared runtime, ended with the test.</summary>
    internal (BrowserTools Tools, SessionBrowser Browser) OpenSession()
    {
        var session = fixture.Runtime.OpenSession();
        _sessions.Add(session.Browser);
        return session;
    }
}
