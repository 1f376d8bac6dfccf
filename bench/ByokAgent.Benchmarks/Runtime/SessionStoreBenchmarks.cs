using BenchmarkDotNet.Attributes;
using ByokAgent.Projects;
using ByokAgent.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>(e) the SQLite session store: append one turn (user + assistant message), load a 500-message history.</summary>
[Config(typeof(StoreBenchmarkConfig))]
public class SessionStoreBenchmarks
{
    private ServiceProvider _services = null!;
    private string _dataDirectory = null!;
    private ISessionStore _store = null!;
    private string _projectId = null!;
    private string _appendSession = null!;
    private long _appendVersion;
    private string _historySession = null!;
    private SessionTurn _turn = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("byok-store-bench-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ByokAgent:Storage:DataDirectory"] = _dataDirectory,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddByokAgent(configuration);
        _services = services.BuildServiceProvider();
        _store = _services.GetRequiredService<ISessionStore>();
        _projectId = (await _services.GetRequiredService<IProjectStore>().GetOrCreateDefaultAsync()).Id;

        _turn = new SessionTurn(
            [
                new SessionMessage("user", "What is the capital of France?", "{\"role\":\"user\",\"items\":[{\"$type\":\"TextContent\",\"text\":\"What is the capital of France?\"}]}"),
                new SessionMessage("assistant", "The capital of France is Paris.", "{\"role\":\"assistant\",\"items\":[{\"$type\":\"TextContent\",\"text\":\"The capital of France is Paris.\"}]}"),
            ],
            new TurnUsage("openai", "gpt-test", 11, 7, 18, TimeSpan.FromMilliseconds(250)));

        var append = await _store.CreateAsync(_projectId);
        _appendSession = append.Id;
        _appendVersion = append.Version;

        var history = await _store.CreateAsync(_projectId);
        var version = history.Version;
        for (var i = 0; i < 250; i++)
        {
            version = (await _store.AppendTurnAsync(_projectId, history.Id, version, _turn)).Version;
        }

        _historySession = history.Id;
    }

    [Benchmark]
    public async Task<long> AppendTurn()
    {
        var info = await _store.AppendTurnAsync(_projectId, _appendSession, _appendVersion, _turn);
        _appendVersion = info.Version;
        return info.Version;
    }

    [Benchmark]
    public async Task<int> Load500Messages() => (await _store.LoadMessagesAsync(_projectId, _historySession)).Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
