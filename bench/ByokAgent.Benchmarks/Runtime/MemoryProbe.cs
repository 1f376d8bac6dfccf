using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ByokAgent.Testing;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// (f) The server's resident memory (<c>/proc/PID/status</c> VmRSS, and VmHWM for the peak): idle after warm-up; after
/// N stored sessions (each one turn through <c>POST /v1/agent</c>); and with M streaming turns in flight at once, every
/// one of them past its first token (FakeProvider stalls each stream after its first text event until all M have
/// arrived, then lets them finish).
/// Usage: ByokAgent.Benchmarks memory PATH/TO/ByokAgent.Server.dll [streams, default 1000] [sessions, default 10000] [data-root]
/// </summary>
internal static class MemoryProbe
{
    private const int Workers = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: memory PATH/TO/ByokAgent.Server.dll [streams] [sessions] [data-root]");
            return 2;
        }

        var streams = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        var sessions = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10_000;
        await using var fake = await FakeProvider.StartAsync();
        fake.Responder = _ => FakeReply.Text("hi");
        await using var server = await ServerUnderTest.StartAsync(fake, args[1], args.Length > 4 ? args[4] : null, postgres: null);
        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            failures += await TurnAsync(server.Http) ? 0 : 1;
        }

        Console.WriteLine($"# Server memory: {server.Storage}, {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:u}");
        Console.WriteLine();
        Console.WriteLine("| State | RSS | peak RSS (so far) | detail |");
        Console.WriteLine("|---|---:|---:|---|");
        Row(server, "idle, after 200 warm-up turns", "");

        var clock = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= sessions)
            {
                if (!await TurnAsync(server.Http))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        Row(server, $"{sessions:N0} more sessions stored (one turn each)", string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F0} s, {failures} failed"));

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstTokens = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.Responder = _ => FakeReply.Text("one two three four five six seven eight").WithStallAfterChunks(2, release.Task);
        clock.Restart();
        var running = Enumerable.Range(0, streams).Select(_ => Task.Run(() => StreamAsync(server.Http, () =>
        {
            if (Interlocked.Increment(ref firstTokens) == streams)
            {
                allStarted.TrySetResult();
            }
        }))).ToList();
        var started = await Task.WhenAny(allStarted.Task, Task.Delay(TimeSpan.FromMinutes(2))) == allStarted.Task;
        var inFlight = clock.Elapsed;
        Row(server, $"{streams:N0} streaming turns in flight at once", string.Create(CultureInfo.InvariantCulture, $"{Volatile.Read(ref firstTokens)} past their first token {(started ? "" : "(timed out waiting for the rest) ")}after {inFlight.TotalSeconds:F1} s"));
        release.TrySetResult();
        var finished = await Task.WhenAll(running);
        Row(server, "after they finished", $"{finished.Count(done => done)} of {streams} ended with a done event");
        return 0;
    }

    private static void Row(ServerUnderTest server, string state, string detail)
    {
        var (rss, peak) = server.Memory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {state} | {rss:F0} MB | {peak:F0} MB | {detail} |"));
    }

    private static async Task<bool> TurnAsync(HttpClient http)
    {
        using var content = new StringContent("{\"message\":\"Say hi.\"}", Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.PostAsync("v1/agent", content);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    // One streamed turn: reports its first token, then reads to the end; true when a done event came.
    private static async Task<bool> StreamAsync(HttpClient http, Action firstToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/agent")
        {
            Content = new StringContent("{\"message\":\"Say hi.\",\"stream\":true}", Encoding.UTF8, "application/json"),
        };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var seenToken = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!seenToken && line == "event: token")
                {
                    seenToken = true;
                    firstToken();
                }

                if (line == "event: done")
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }
}
