using System.Diagnostics;
using System.Globalization;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// Per-call latency percentiles that BenchmarkDotNet does not give (it reports per-iteration means): runs the runtime
/// path and its bare-HttpClient baseline interleaved, one call at a time, and prints p50/p99 of each and of their
/// difference ("added"). Sessions are opened outside the timed region unless the case includes opening one.
/// Usage: ByokAgent.Benchmarks latency [turns-per-case, default 1000]
/// </summary>
internal static class LatencyLoop
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        Console.WriteLine($"# Runtime latency loop: {n} calls per case after {n / 10} warm-up calls, {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:u}");
        Console.WriteLine();
        Console.WriteLine("| Case | bare p50 | runtime p50 | added p50 | bare p99 | runtime p99 | added p99 | alloc/call runtime − bare |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");

        await using (var plain = await RuntimeFixture.CreateAsync(tools: false))
        {
            await CaseAsync("(a) turn on open session", n, plain, async s => await s!.RunAsync(RuntimeFixture.Message), openPerCall: true, timeOpen: false);
            await CaseAsync("(a) open session + turn", n, plain, async s => await s!.RunAsync(RuntimeFixture.Message), openPerCall: true, timeOpen: true);
            await TtftAsync(n, plain);
        }

        await using (var tools = await RuntimeFixture.CreateAsync(tools: true))
        {
            await CaseAsync("(b) tool round trip, open session", n, tools, async s => await s!.RunAsync(RuntimeFixture.Message), openPerCall: true, timeOpen: false);
            await CaseAsync("(b) open session + tool round trip", n, tools, async s => await s!.RunAsync(RuntimeFixture.Message), openPerCall: true, timeOpen: true);
        }

        return 0;
    }

    private static async Task CaseAsync(string name, int n, RuntimeFixture fixture, Func<AgentSession?, Task> turn, bool openPerCall, bool timeOpen)
    {
        var bare = new double[n];
        var runtime = new double[n];
        long bareBytes = 0, runtimeBytes = 0;
        for (var i = -n / 10; i < n; i++)
        {
            // Bare: the same request bodies the runtime sends.
            var a0 = GC.GetTotalAllocatedBytes(precise: false);
            var t0 = Stopwatch.GetTimestamp();
            foreach (var body in fixture.TurnBodies)
            {
                await fixture.BarePostAsync(body);
            }

            var bareMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            var a1 = GC.GetTotalAllocatedBytes(precise: false);

            AgentSession? session = openPerCall && !timeOpen ? await fixture.OpenAsync() : null;
            var a2 = GC.GetTotalAllocatedBytes(precise: false);
            var t1 = Stopwatch.GetTimestamp();
            if (timeOpen)
            {
                session = await fixture.OpenAsync();
            }

            await turn(session);
            var runMs = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
            var a3 = GC.GetTotalAllocatedBytes(precise: false);
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            if (i >= 0)
            {
                bare[i] = bareMs;
                runtime[i] = runMs;
                bareBytes += a1 - a0;
                runtimeBytes += a3 - a2;
            }
        }

        Print($"{name} ({fixture.TurnBodies.Count} provider request(s))", bare, runtime, (runtimeBytes - bareBytes) / n);
    }

    private static async Task TtftAsync(int n, RuntimeFixture fixture)
    {
        var bare = new double[n];
        var runtime = new double[n];
        for (var i = -n / 10; i < n; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var firstTicks = await fixture.BareStreamAsync(start);
            var bareMs = firstTicks * 1000.0 / Stopwatch.Frequency;

            await using var session = await fixture.OpenAsync();
            double runMs = 0;
            var t1 = Stopwatch.GetTimestamp();
            await foreach (var e in session.RunStreamingAsync(RuntimeFixture.Message))
            {
                if (runMs == 0 && e is AgentTokenEvent)
                {
                    runMs = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
                }
            }

            if (i >= 0)
            {
                bare[i] = bareMs;
                runtime[i] = runMs;
            }
        }

        Print("(d) time to first token, open session", bare, runtime, null);
    }

    private static void Print(string name, double[] bare, double[] runtime, long? bytes)
    {
        var added = bare.Zip(runtime, (b, r) => r - b).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {P(bare, 50):F3} ms | {P(runtime, 50):F3} ms | {P(added, 50):F3} ms | {P(bare, 99):F3} ms | {P(runtime, 99):F3} ms | {P(added, 99):F3} ms | {(bytes is { } b ? (b / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB" : "–")} |"));
    }

    private static double P(double[] values, int percentile)
    {
        var sorted = values.Order().ToArray();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}
