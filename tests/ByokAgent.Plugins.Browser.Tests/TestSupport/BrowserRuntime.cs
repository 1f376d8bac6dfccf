using ByokAgent.Agents;
using ByokAgent.Files;
using ByokAgent.Plugins.Browser.Pooling;
using ByokAgent.Plugins.Browser.Sessions;
using ByokAgent.Plugins.Browser.Tools;
using ByokAgent.Providers;
using ByokAgent.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Plugins.Browser.Tests.TestSupport;

/// <summary>
/// The real runtime (<c>AddByokAgent</c> + <c>AddBrowserPlugin</c>) on a temporary data directory, with the test
/// Chromium, <c>localhost</c> allow-listed and short timeouts, so a failing test fails fast.
/// </summary>
internal sealed class BrowserRuntime : IAsyncDisposable
{
    public const string ApiKey = "sk-test-browser-5e1f0c9a7b3d";
    public const string ProjectId = "prj_browsertests";

    private readonly ServiceProvider _services;
    private readonly string _dataDirectory;

    private BrowserRuntime(ServiceProvider services, string dataDirectory)
    {
        _services = services;
        _dataDirectory = dataDirectory;
    }

    public IServiceProvider Services => _services;

    public AgentRuntime Runtime => _services.GetRequiredService<AgentRuntime>();

    public BrowserPool Pool => _services.GetRequiredService<BrowserPool>();

    public IFileStore Files => _services.GetRequiredService<IFileStore>();

    public static BrowserRuntime Create(IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("byok-browser-test-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["ByokAgent:Providers:MaxRetries"] = "0",
            ["ByokAgent:Storage:DataDirectory"] = dataDirectory,
            ["ByokAgent:Browser:ExecutablePath"] = Chromium.ExecutablePath,
            ["ByokAgent:Browser:AllowHosts:0"] = "localhost",
            ["ByokAgent:Browser:NavigationTimeout"] = "00:00:05",
            ["ByokAgent:Browser:ActionTimeout"] = "00:00:03",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddByokAgent(configuration).AddBrowserPlugin();
        return new BrowserRuntime(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), dataDirectory);
    }

    public static ModelConfig ConfigFor(FakeProvider fake) => new()
    {
        Provider = "openai",
        ApiKey = ApiKey,
        ApiHost = fake.OpenAIBaseUri.ToString(),
        Model = "gpt-test",
    };

    /// <summary>The browser tools of a new session, as the plugin creates them for the runtime; dispose the browser when done.</summary>
    public (BrowserTools Tools, SessionBrowser Browser) OpenSession(string projectId = ProjectId) =>
        BrowserPluginRegistration.CreateForSession(_services, projectId, $"ses_{Guid.NewGuid():N}");

    public async Task<string> ReadFileAsync(string path, string projectId = ProjectId) =>
        (await Files.ReadTextAsync(projectId, path)).Text;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
