using ByokAgent.Plugins.Browser;
using ByokAgent.Plugins.Browser.Sessions;
using ByokAgent.Plugins.Browser.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Benchmarks.Browser;

/// <summary>The real runtime with the browser plugin on a temporary data directory, as the CLI and server build it.</summary>
internal sealed class BenchRuntime : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _dataDirectory;
    private int _sessions;

    private BenchRuntime(ServiceProvider services, string dataDirectory)
    {
        _services = services;
        _dataDirectory = dataDirectory;
    }

    public static BenchRuntime Create()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("byok-browser-bench-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ByokAgent:Storage:DataDirectory"] = dataDirectory,
            ["ByokAgent:Browser:ExecutablePath"] = Environment.GetEnvironmentVariable("BYOK_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            ["ByokAgent:Browser:AllowHosts:0"] = "localhost",
            ["ByokAgent:Browser:MaxContexts"] = "16",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddByokAgent(configuration).AddBrowserPlugin();
        return new BenchRuntime(services.BuildServiceProvider(), dataDirectory);
    }

    /// <summary>A new session's tools, as the plugin creates them per agent session.</summary>
    public (BrowserTools Tools, SessionBrowser Browser) OpenSession() =>
        BrowserPluginRegistration.CreateForSession(_services, "prj_bench", $"ses_bench{Interlocked.Increment(ref _sessions)}");

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
