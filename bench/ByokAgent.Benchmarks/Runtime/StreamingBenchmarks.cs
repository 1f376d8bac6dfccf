using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// (d) streaming: a whole streamed turn (first token to done) through RunStreamingAsync on a fresh session vs the bare
/// HttpClient reading the same SSE stream. Time to first token alone is measured by the latency loop
/// (<c>latency</c> mode of Program), since BenchmarkDotNet times whole invocations.
/// </summary>
[Config(typeof(RuntimeBenchmarkConfig))]
public class StreamingBenchmarks
{
    private const int Sessions = 64;
    private RuntimeFixture _fixture = null!;
    private readonly List<AgentSession> _sessions = new(Sessions);
    private int _next;

    [GlobalSetup]
    public void Setup() => _fixture = RuntimeFixture.CreateAsync(tools: false).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(StreamedTurnOnOpenSession))]
    public void OpenSessions()
    {
        DisposeSessions();
        for (var i = 0; i < Sessions; i++)
        {
            _sessions.Add(_fixture.OpenAsync().GetAwaiter().GetResult());
        }

        _next = 0;
    }

    [IterationCleanup(Target = nameof(StreamedTurnOnOpenSession))]
    public void DisposeSessions()
    {
        foreach (var session in _sessions)
        {
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _sessions.Clear();
    }

    [Benchmark(Baseline = true)]
    public Task<long> BareHttpClientSse() => _fixture.BareStreamAsync(Stopwatch.GetTimestamp());

    [Benchmark]
    public async Task<int> StreamedTurnOnOpenSession()
    {
        var tokens = 0;
        await foreach (var e in _sessions[_next++].RunStreamingAsync(RuntimeFixture.Message))
        {
            if (e is AgentTokenEvent)
            {
                tokens++;
            }
        }

        return tokens;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DisposeSessions();
        _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
