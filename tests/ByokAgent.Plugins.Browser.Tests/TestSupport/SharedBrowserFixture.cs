namespace ByokAgent.Plugins.Browser.Tests.TestSupport;

/// <summary>
/// One test site and one runtime (so one Chromium) shared by the tests of the <see cref="SharedBrowserGroup"/>:
/// launching Chromium once keeps the suite quick on a small machine. Each test opens sessions of its own
/// (<see cref="SharedBrowserTest"/>).
/// </summary>
public sealed class SharedBrowserFixture : IAsyncLifetime
{
    public BrowserTestSite Site { get; private set; } = null!;

    internal BrowserRuntime Runtime { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Site = await BrowserTestSite.StartAsync();
        Runtime = BrowserRuntime.Create();
    }

    public async Task DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Site.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowserGroup : ICollectionFixture<SharedBrowserFixture>
{
    public const string Name = "Shared browser";
}
