using ByokAgent.Agents;
using ByokAgent.Providers;
using ByokAgent.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Plugins.Files.Tests.TestSupport;

/// <summary>The real runtime, registered through AddByokAgent and AddFilesPlugin over its own temporary data directory.</summary>
internal sealed class FilesTestRuntime : IAsyncDisposable
{
    private const string ApiKey = "sk-test-files-5d1e8c3a9b7f2046";

    private readonly ServiceProvider _services;

    private FilesTestRuntime(ServiceProvider services, string dataDirectory)
    {
        _services = services;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public IServiceProvider Services => _services;

    public AgentRuntime Runtime => _services.GetRequiredService<AgentRuntime>();

    public static FilesTestRuntime Create(IDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("byok-files-rt-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["ByokAgent:Providers:MaxRetries"] = "0",
            ["ByokAgent:Storage:DataDirectory"] = dataDirectory,
            ["ByokAgent:Agent:ClockTool"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddByokAgent(configuration).AddFilesPlugin();
        return new FilesTestRuntime(services.BuildServiceProvider(), dataDirectory);
    }

    public static ModelConfig ConfigFor(FakeProvider fake) => new()
    {
        Provider = "openai",
        ApiKey = ApiKey,
        ApiHost = fake.OpenAIBaseUri.ToString(),
        Model = "gpt-test",
    };

    /// <summary>Where a project's file is on disk.</summary>
    public string FileOnDisk(string projectId, string relativePath) =>
        Path.Combine(DataDirectory, "projects", projectId, "files", relativePath);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
