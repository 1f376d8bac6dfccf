using BenchmarkDotNet.Attributes;
using ByokAgent.Plugins.Browser.Sessions;
using ByokAgent.Plugins.Browser.Tools;

namespace ByokAgent.Benchmarks.Browser;

/// <summary>
/// Browser tool calls on a running Chromium: one warm session loading and reading a local page, and eight sessions
/// doing the same at once (each opening its own context, as eight agent sessions would).
/// </summary>
[Config(typeof(BrowserBenchmarkConfig))]
public class BrowserBenchmarks
{
    private BenchSite _site = null!;
    private BenchRuntime _runtime = null!;
    private BrowserTools _warm = null!;
    private SessionBrowser _warmBrowser = null!;
    private string _url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _site = await BenchSite.StartAsync();
        _url = _site.PageUri.ToString();
        _runtime = BenchRuntime.Create();
        (_warm, _warmBrowser) = _runtime.OpenSession();
        Check(await _warm.NavigateAsync(_url), "Opened");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _warmBrowser.DisposeAsync();
        await _runtime.DisposeAsync();
        await _site.DisposeAsync();
    }

    /// <summary>browser_navigate + browser_snapshot of a local page in a session whose context is open.</summary>
    [Benchmark]
    public async Task<string> WarmNavigateAndSnapshot()
    {
        Check(await _warm.NavigateAsync(_url), "Opened");
        return Check(await _warm.SnapshotAsync(), "heading \"Benchmark article\"");
    }

    /// <summary>Eight new sessions at once: each opens a context, navigates, snapshots, and ends (closing its context).</summary>
    [Benchmark]
    public async Task EightConcurrentSessions()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var (tools, browser) = _runtime.OpenSession();
            await using (browser)
            {
                Check(await tools.NavigateAsync(_url), "Opened");
                Check(await tools.SnapshotAsync(), "heading \"Benchmark article\"");
            }
        }));
    }

    // A benchmark that measured an error message would be fast and wrong.
    internal static string Check(string result, string expected) =>
        result.Contains(expected, StringComparison.Ordinal) ? result : throw new InvalidOperationException($"Unexpected tool result: {result}");
}
