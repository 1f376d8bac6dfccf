using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// Issue 11's load test: the real server (<see cref="ServerUnderTest"/>, SQLite) driven by many concurrent clients over
/// many sessions for minutes, FakeProvider answering with latency and a few percent of injected faults (429, 500, 529,
/// a connection reset before the answer, a stream cut in the middle). Every turn carries a unique marker; a turn the
/// server acknowledged (200 with its reply, or an SSE <c>done</c>) is recorded in the order its session acknowledged it.
/// At the end every session is read back through the API and checked: each acknowledged turn stored exactly once and in
/// order, nothing stored that was not acknowledged, no interleaved turns. Server RSS is sampled every 10 s.
/// Usage: ByokAgent.Benchmarks soak PATH/TO/ByokAgent.Server.dll [clients, default 200] [seconds, default 120]
///        [sessions, default 400] [fault-percent, default 3]
/// </summary>
internal static class SoakProbe
{
    private static readonly TimeSpan ProviderLatency = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: soak PATH/TO/ByokAgent.Server.dll [clients] [seconds] [sessions] [fault-percent]");
            return 2;
        }

        int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        var clients = Arg(2, 200);
        var seconds = Arg(3, 120);
        var sessionCount = Arg(4, 400);
        var faultPercent = Arg(5, 3);

        await using var fake = await FakeProvider.StartAsync();
        fake.Responder = _ => Reply(faultPercent);
        // The server retries as deployed (2 retries), with a short base delay so a fault costs tens of milliseconds.
        await using var server = await ServerUnderTest.StartAsync(fake, args[1], dataRoot: null, postgres: null, new Dictionary<string, string>
        {
            ["ByokAgent__Providers__MaxRetries"] = "2",
            ["ByokAgent__Providers__RetryBaseDelay"] = "00:00:00.050",
        });

        var sessions = new Slot[sessionCount];
        for (var i = 0; i < sessionCount; i++)
        {
            sessions[i] = new Slot();
        }

        var outcomes = new ConcurrentDictionary<string, int>();
        var latencies = new ConcurrentBag<double>();
        var memory = new List<(double Seconds, double Rss)>();
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                lock (memory)
                {
                    memory.Add((clock.Elapsed.TotalSeconds, server.Memory().Rss));
                }

                await Task.Delay(TimeSpan.FromSeconds(10), sampling.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var n = 0; clock.Elapsed < end; n++)
            {
                var slot = sessions[random.Next(sessionCount)];
                var marker = $"m-{client}-{n}";
                var stream = random.Next(100) < 30;
                var started = Stopwatch.GetTimestamp();
                var outcome = await TurnAsync(server.Http, slot, marker, stream);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                outcomes.AddOrUpdate(outcome, 1, (_, count) => count + 1);
            }
        })));
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;

        var check = await CheckStoreAsync(server.Http, sessions);
        Report(clients, elapsed, sessionCount, faultPercent, outcomes, latencies, memory, check, server.Memory().Rss);
        return check.Lost + check.Duplicated + check.OutOfOrder + check.Unacknowledged == 0 && !outcomes.Keys.Any(IsOurFault) ? 0 : 1;
    }

    // A 5xx other than the classified provider error (502 provider_error) would be the server's own failure.
    private static bool IsOurFault(string outcome) => outcome.StartsWith('5') && !outcome.StartsWith("502 provider_error", StringComparison.Ordinal);

    private static FakeReply Reply(int faultPercent)
    {
        var roll = Random.Shared.Next(100 * 100);
        var ok = FakeReply.Text("Fine, noted.").WithLatency(ProviderLatency);
        if (roll >= faultPercent * 100)
        {
            return ok;
        }

        return (roll % 5) switch
        {
            0 => FakeReply.Error(429, """{"error":{"message":"Rate limit reached.","type":"requests","code":"rate_limit_exceeded"}}"""),
            1 => FakeReply.Error(500, """{"error":{"message":"The server had an error.","type":"server_error"}}"""),
            2 => FakeReply.Error(529, """{"error":{"message":"Overloaded.","type":"overloaded_error"}}"""),
            3 => ok.WithDropAfterChunks(0),
            _ => ok.WithDropAfterChunks(2),
        };
    }

    /// <summary>One turn; returns its outcome class ("200", "409 session_busy", "502 provider_error", …).</summary>
    private static async Task<string> TurnAsync(HttpClient http, Slot slot, string marker, bool stream)
    {
        var sessionId = Volatile.Read(ref slot.Id);
        var body = new JsonObject { ["message"] = marker, ["stream"] = stream };
        if (sessionId is not null)
        {
            body["session_id"] = sessionId;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/agent") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var code = JsonNode.Parse(text)?["error"]?["code"]?.GetValue<string>() ?? "?";
                return $"{(int)response.StatusCode} {code}";
            }

            string? acknowledged;
            if (stream)
            {
                var done = text.Split("\n\n").FirstOrDefault(e => e.StartsWith("event: done", StringComparison.Ordinal));
                if (done is null)
                {
                    var error = text.Split("\n\n").FirstOrDefault(e => e.StartsWith("event: error", StringComparison.Ordinal));
                    var code = error is null ? "none" : JsonNode.Parse(error[(error.IndexOf("data: ", StringComparison.Ordinal) + 6)..])?["code"]?.GetValue<string>();
                    return $"stream error {code}";
                }

                acknowledged = JsonNode.Parse(done[(done.IndexOf("data: ", StringComparison.Ordinal) + 6)..])?["session_id"]?.GetValue<string>();
            }
            else
            {
                acknowledged = JsonNode.Parse(text)?["session_id"]?.GetValue<string>();
            }

            slot.Acknowledge(acknowledged!, marker);
            return stream ? "200 streamed" : "200";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return e.GetType().Name;
        }
    }

    private static async Task<StoreCheck> CheckStoreAsync(HttpClient http, Slot[] sessions)
    {
        var check = new StoreCheck();
        foreach (var (sessionId, acknowledged) in sessions.SelectMany(s => s.Turns()))
        {
            var stored = new List<string>();
            for (var offset = 0; ; offset += 100)
            {
                var page = JsonNode.Parse(await http.GetStringAsync($"v1/sessions/{sessionId}?limit=100&offset={offset}"))!;
                stored.AddRange(page["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "user").Select(m => m!["content"]!.GetValue<string>()));
                if (page["has_more"]?.GetValue<bool>() != true)
                {
                    break;
                }
            }

            check.Sessions++;
            check.Checked += acknowledged.Count;
            check.Lost += acknowledged.Count(a => !stored.Contains(a));
            check.Duplicated += stored.GroupBy(m => m).Count(g => g.Count() > 1);
            check.Unacknowledged += stored.Count(m => !acknowledged.Contains(m));
            var order = stored.Where(acknowledged.Contains).ToList();
            check.OutOfOrder += order.SequenceEqual(acknowledged) ? 0 : 1;
        }

        return check;
    }

    private static void Report(int clients, TimeSpan elapsed, int sessions, int faultPercent, ConcurrentDictionary<string, int> outcomes, ConcurrentBag<double> latencies, List<(double Seconds, double Rss)> memory, StoreCheck check, double finalRss)
    {
        var total = outcomes.Values.Sum();
        var sorted = latencies.Order().ToArray();
        double P(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# Soak: {clients} clients, {sessions} sessions, {elapsed.TotalSeconds:F0} s, {faultPercent}% injected provider faults, provider latency {ProviderLatency.TotalMilliseconds} ms, {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:u}"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Requests: {total} ({total / elapsed.TotalSeconds:F0}/s); p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms, max {(sorted.Length == 0 ? 0 : sorted[^1]):F1} ms."));
        Console.WriteLine();
        Console.WriteLine("| Outcome | count |");
        Console.WriteLine("|---|---:|");
        foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {outcome} | {count} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Store check over {check.Sessions} sessions: {check.Checked} acknowledged turns checked; lost {check.Lost}, duplicated {check.Duplicated}, out of order {check.OutOfOrder}, stored but not acknowledged {check.Unacknowledged}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Server RSS every 10 s: {string.Join(", ", memory.Select(m => $"{m.Rss:F0}"))} MB; at the end {finalRss:F0} MB."));
    }

    private sealed class Slot
    {
        private readonly object _lock = new();
        private readonly Dictionary<string, List<string>> _turns = [];
        public string? Id;

        public void Acknowledge(string sessionId, string marker)
        {
            lock (_lock)
            {
                // The first acknowledged turn of a new session names it; a turn that raced and opened another session
                // keeps its own session's list.
                Id ??= sessionId;
                if (!_turns.TryGetValue(sessionId, out var list))
                {
                    _turns[sessionId] = list = [];
                }

                list.Add(marker);
            }
        }

        public List<(string SessionId, List<string> Acknowledged)> Turns()
        {
            lock (_lock)
            {
                return [.. _turns.Select(t => (t.Key, t.Value))];
            }
        }
    }

    private sealed class StoreCheck
    {
        public int Sessions;
        public int Checked;
        public int Lost;
        public int Duplicated;
        public int OutOfOrder;
        public int Unacknowledged;
    }
}
