using BenchmarkDotNet.Attributes;
using ByokAgent.Agents;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// (a) one agent turn without tools vs the same wire request through a bare HttpClient. Every turn runs on a fresh
/// session (opened in IterationSetup, outside the measurement) so its request is exactly the baseline's; the
/// OpenSessionAndTurn case adds the per-session kernel build. Allocations include FakeProvider's own (same process),
/// equal on both sides, so the difference is the runtime's.
/// </summary>
[Config(typeof(RuntimeBenchmarkConfig))]
public class TurnBenchmarks
{
    private const int Sessions = 64;
    private RuntimeFixture _fixture = null!;
    private readonly List<AgentSession> _sessions = new(Sessions);
    private int _next;

    protected virtual bool Tools => false;

    [GlobalSetup]
    public void Setup() => _fixture = RuntimeFixture.CreateAsync(Tools).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(TurnOnOpenSession))]
    public void OpenSessions()
    {
        DisposeSessions();
        for (var i = 0; i < Sessions; i++)
        {
            _sessions.Add(_fixture.OpenAsync().GetAwaiter().GetResult());
        }

        _next = 0;
    }

    [IterationCleanup(Target = nameof(TurnOnOpenSession))]
    public void DisposeSessions()
    {
        foreach (var session in _sessions)
        {
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _sessions.Clear();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> BareHttpClient()
    {
        var bytes = 0;
        foreach (var body in _fixture.TurnBodies)
        {
            bytes += await _fixture.BarePostAsync(body);
        }

        return bytes;
    }

    [Benchmark]
    public async Task<string> TurnOnOpenSession() => (await _sessions[_next++].RunAsync(RuntimeFixture.Message)).Text;

    [Benchmark]
    public async Task<string> OpenSessionAndTurn()
    {
        await using var session = await _fixture.OpenAsync();
        return (await session.RunAsync(RuntimeFixture.Message)).Text;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DisposeSessions();
        _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>(b) the same with one tool round trip (math_add): two provider requests and one kernel function call.</summary>
public class ToolTurnBenchmarks : TurnBenchmarks
{
    protected override bool Tools => true;
}
