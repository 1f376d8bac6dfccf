using BenchmarkDotNet.Attributes;

namespace ByokAgent.Benchmarks.Browser;

/// <summary>
/// The first browser tool call of a runtime: the Playwright driver starts, Chromium launches, the session's context
/// opens, the page loads and is snapshotted. Every iteration uses a fresh runtime (a new driver and Chromium); the
/// operating system's file cache stays warm, as on a server that has run the browser before.
/// </summary>
[Config(typeof(BrowserBenchmarkConfig))]
public class BrowserColdStartBenchmarks
{
    private BenchSite _site = null!;
    private BenchRuntime? _runtime;

    [GlobalSetup]
    public async Task SetupAsync() => _site = await BenchSite.StartAsync();

    [GlobalCleanup]
    public async Task CleanupAsync() => await _site.DisposeAsync();

    [IterationSetup]
    public void NewRuntime() => _runtime = BenchRuntime.Create();

    [IterationCleanup]
    public void EndRuntime() => _runtime!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Driver start + Chromium launch + context + navigate + snapshot.</summary>
    [Benchmark]
    public async Task<string> FirstNavigateAndSnapshot()
    {
        var (tools, browser) = _runtime!.OpenSession();
        await using (browser)
        {
            BrowserBenchmarks.Check(await tools.NavigateAsync(_site.PageUri.ToString()), "Opened");
            return BrowserBenchmarks.Check(await tools.SnapshotAsync(), "heading \"Benchmark article\"");
        }
    }
}
