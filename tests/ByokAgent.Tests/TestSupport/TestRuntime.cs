using ByokAgent.Agents;
using ByokAgent.Providers;
using ByokAgent.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Tests.TestSupport;

/// <summary>The real runtime, registered through AddByokAgent, with its logs captured and no SDK retries.</summary>
internal sealed class TestRuntime : IAsyncDisposable
{
    public const string ApiKey = "sk-test-4f9a2c7e1b8d6a3f5c0e9b7d";

    private readonly ServiceProvider _services;

    private TestRuntime(ServiceProvider services, CapturingLoggerProvider logs, string dataDirectory)
    {
        _services = services;
        Logs = logs;
        DataDirectory = dataDirectory;
    }

    /// <summary>This runtime's own data directory (SQLite database, master key), removed on dispose.</summary>
    public string DataDirectory { get; }

    public CapturingLoggerProvider Logs { get; }

    public AgentRuntime Runtime => _services.GetRequiredService<AgentRuntime>();

    public IServiceProvider Services => _services;

    public static TestRuntime Create(IDictionary<string, string?>? settings = null, Action<ByokAgentBuilder>? configure = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("byok-test-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["ByokAgent:Providers:MaxRetries"] = "0",
            ["ByokAgent:Storage:DataDirectory"] = dataDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var builder = services.AddByokAgent(configuration);
        configure?.Invoke(builder);
        return new TestRuntime(services.BuildServiceProvider(), logs, dataDirectory);
    }

    public static ModelConfig ConfigFor(FakeProvider fake, string provider = "openai", string model = "gpt-test") => new()
    {
        Provider = provider,
        ApiKey = ApiKey,
        ApiHost = fake.OpenAIBaseUri.ToString(),
        Model = model,
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
