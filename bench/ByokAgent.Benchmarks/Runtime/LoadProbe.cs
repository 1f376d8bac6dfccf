using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// (c) <c>POST /v1/agent</c> (no tools) against the real server process (<see cref="ServerUnderTest"/>), FakeProvider
/// answering at zero latency in this process. Open-loop fixed rates, a new session per request (latency measured from
/// each request's scheduled send time, so a stalled server is not hidden); then closed loops of 32 workers for the
/// peak, once with a new session per request and once with each worker continuing its own session.
/// Client, fake provider and server share the machine's cores; each row gives the CPU time per completed request of
/// the server process and of this process (client + fake), so the server's own cost can be read apart.
/// Usage: ByokAgent.Benchmarks load PATH/TO/ByokAgent.Server.dll [seconds-per-step, default 10] [data-root, default /tmp]
///        [--postgres ADMIN-CONNECTION-STRING] (a throwaway database is created on that server instead of SQLite).
/// </summary>
internal static class LoadProbe
{
    private const int Workers = 32;
    private static readonly ConcurrentDictionary<string, int> Failures = new();
    private static ServerUnderTest? _server;
    private static TimeSpan _serverCpu;
    private static TimeSpan _selfCpu;

    public static async Task<int> RunAsync(string[] args)
    {
        var postgresAt = Array.IndexOf(args, "--postgres");
        var postgres = postgresAt > 0 && postgresAt + 1 < args.Length ? args[postgresAt + 1] : null;
        var positional = postgresAt > 0 ? args[..postgresAt] : args;
        if (positional.Length < 2 || !File.Exists(positional[1]))
        {
            await Console.Error.WriteLineAsync("usage: load PATH/TO/ByokAgent.Server.dll [seconds] [data-root] [--postgres CONNECTION-STRING]");
            return 2;
        }

        var seconds = positional.Length > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 10;
        await using var fake = await FakeProvider.StartAsync();
        fake.Responder = _ => FakeReply.Text("hi");
        await using var server = await ServerUnderTest.StartAsync(fake, positional[1], positional.Length > 3 ? positional[3] : null, postgres);
        _server = server;
        for (var i = 0; i < 200; i++)
        {
            await PostAsync(server.Http, sessionId: null);
        }

        Console.WriteLine($"# POST /v1/agent load: {seconds} s per step, {server.Storage}, {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:u}");
        Console.WriteLine();
        Console.WriteLine("| Step | offered | completed/s | ok | errors | p50 | p99 | max | server CPU/req | client+fake CPU/req |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rate in new[] { 100, 500 })
        {
            await FixedRateAsync(server.Http, rate, seconds);
        }

        await ClosedLoopAsync(server.Http, seconds, continueSessions: false);
        await ClosedLoopAsync(server.Http, seconds, continueSessions: true);
        Console.WriteLine();
        Console.WriteLine($"Failures by status/exception: {(Failures.IsEmpty ? "none" : string.Join(", ", Failures.Select(f => $"{f.Key} x{f.Value}")))}");
        var (rss, peak) = server.Memory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Server memory after the run: RSS {rss:F0} MB, peak {peak:F0} MB."));
        return 0;
    }

    /// <summary>One turn; the session it ran in, or <see langword="null"/> when it failed.</summary>
    private static async Task<string?> PostAsync(HttpClient http, string? sessionId)
    {
        var body = sessionId is null ? "{\"message\":\"Say hi.\"}" : $"{{\"message\":\"Say hi.\",\"session_id\":\"{sessionId}\"}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.PostAsync("v1/agent", content);
            var reply = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                return null;
            }

            return sessionId ?? JsonNode.Parse(reply)!["session_id"]!.GetValue<string>();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            return null;
        }
    }

    private static async Task FixedRateAsync(HttpClient http, int rate, int seconds)
    {
        var latencies = new ConcurrentBag<double>();
        var ok = 0;
        var errors = 0;
        var total = rate * seconds;
        var tasks = new List<Task>(total);
        MarkCpu();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var scheduled = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = scheduled - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }

            tasks.Add(Task.Run(async () =>
            {
                var success = await PostAsync(http, sessionId: null) is not null;
                latencies.Add((Stopwatch.GetTimestamp() - scheduled) * 1000.0 / Stopwatch.Frequency);
                Interlocked.Increment(ref success ? ref ok : ref errors);
            }));
        }

        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Print($"fixed {rate} req/s, new session each", rate.ToString(CultureInfo.InvariantCulture), ok / elapsed, ok, errors, latencies);
    }

    private static async Task ClosedLoopAsync(HttpClient http, int seconds, bool continueSessions)
    {
        var latencies = new ConcurrentBag<double>();
        var ok = 0;
        var errors = 0;

        // Each worker's session exists before the clock starts, so the continuing loop times turns only.
        var sessions = new string?[Workers];
        if (continueSessions)
        {
            for (var w = 0; w < Workers; w++)
            {
                sessions[w] = await PostAsync(http, sessionId: null);
            }
        }

        MarkCpu();
        var end = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var t = Stopwatch.GetTimestamp();
                var success = await PostAsync(http, continueSessions ? sessions[w] : null) is not null;
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                Interlocked.Increment(ref success ? ref ok : ref errors);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Print($"peak ({Workers} workers), {(continueSessions ? "each continuing its session" : "new session each")}", "max", ok / elapsed, ok, errors, latencies);
    }

    private static void Print(string step, string offered, double perSecond, int ok, int errors, IEnumerable<double> latencies)
    {
        var process = _server!.Process;
        process.Refresh();
        var serverCpu = (process.TotalProcessorTime - _serverCpu).TotalMilliseconds / Math.Max(1, ok + errors);
        var selfCpu = (Process.GetCurrentProcess().TotalProcessorTime - _selfCpu).TotalMilliseconds / Math.Max(1, ok + errors);
        var sorted = latencies.Order().ToArray();
        double P(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {step} | {offered} | {perSecond:F0} | {ok} | {errors} | {P(0.50):F1} ms | {P(0.99):F1} ms | {(sorted.Length == 0 ? 0 : sorted[^1]):F1} ms | {serverCpu:F2} ms | {selfCpu:F2} ms |"));
    }

    private static void MarkCpu()
    {
        var process = _server!.Process;
        process.Refresh();
        _serverCpu = process.TotalProcessorTime;
        _selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
    }
}
