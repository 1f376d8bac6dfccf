using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ByokAgent.Projects;
using ByokAgent.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// (c) <c>POST /v1/agent</c> (new session per request, no tools, SQLite store) against the real server process, its
/// default model pointed at FakeProvider (in this process). Open-loop fixed rates (latency measured from each request's
/// scheduled send time, so a stalled server is not hidden), then a closed loop of 32 workers for the peak.
/// Client, fake provider and server share the machine's cores.
/// Each row also gives the CPU time per completed request of the server process and of this process (client + fake).
/// Usage: ByokAgent.Benchmarks load PATH/TO/ByokAgent.Server.dll [seconds-per-step, default 10] [data-root, default /tmp]
/// (a data root on tmpfs, e.g. /dev/shm, shows what fsync costs).
/// </summary>
internal static class LoadProbe
{
    private static readonly ConcurrentDictionary<string, int> Failures = new();
    private static Process? _server;
    private static TimeSpan _serverCpu;
    private static TimeSpan _selfCpu;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: load PATH/TO/ByokAgent.Server.dll [seconds]");
            return 2;
        }

        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        await using var fake = await FakeProvider.StartAsync();
        fake.Responder = _ => FakeReply.Text("hi");
        var data = args.Length > 3
            ? Directory.CreateDirectory(Path.Combine(args[3], $"byok-load-bench-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("byok-load-bench-").FullName;
        var key = await CreateProjectAsync(data);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.GetFullPath(args[1]));
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ByokAgent__Storage__DataDirectory"] = data;
        info.Environment["ByokAgent__DefaultModel__Provider"] = "openai";
        info.Environment["ByokAgent__DefaultModel__Model"] = "gpt-test";
        info.Environment["ByokAgent__DefaultModel__ApiKey"] = RuntimeFixture.ApiKey;
        info.Environment["ByokAgent__DefaultModel__ApiHost"] = fake.OpenAIBaseUri.ToString();
        info.Environment["ByokAgent__Providers__MaxRetries"] = "0";
        info.Environment["ByokAgent__Server__RequestsPerMinute"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var server = Process.Start(info)!;
        _server = server;
        server.OutputDataReceived += (_, e) => { if (e.Data is { } line && (line.Contains("fail", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal))) { Console.Error.WriteLine("server: " + line); } };
        server.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine("server: " + line); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 512 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
                Timeout = TimeSpan.FromSeconds(30),
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await WaitReadyAsync(http);
            for (var i = 0; i < 200; i++)
            {
                await PostAsync(http);
            }

            Console.WriteLine($"# POST /v1/agent load: {seconds} s per step, data in {data}, {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:u}");
            Console.WriteLine();
            Console.WriteLine("| Step | offered | completed/s | ok | errors | p50 | p99 | max | server CPU/req | client+fake CPU/req |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var rate in new[] { 100, 500 })
            {
                await FixedRateAsync(http, rate, seconds);
            }

            await ClosedLoopAsync(http, 32, seconds);
            Console.WriteLine();
            Console.WriteLine($"Failures by status/exception: {(Failures.IsEmpty ? "none" : string.Join(", ", Failures.Select(f => $"{f.Key} x{f.Value}")))}");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }

        return 0;
    }

    private static async Task<string> CreateProjectAsync(string data)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ByokAgent:Storage:DataDirectory"] = data,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddByokAgent(configuration);
        await using var provider = services.BuildServiceProvider();
        var created = await provider.GetRequiredService<IProjectStore>().CreateAsync("bench");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return created.ApiKey;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
            }

            await Task.Delay(100);
        }
    }

    private static async Task<bool> PostAsync(HttpClient http)
    {
        using var content = new StringContent("{\"message\":\"Say hi.\"}", Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.PostAsync("v1/agent", content);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
            }

            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            return false;
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
                var success = await PostAsync(http);
                latencies.Add((Stopwatch.GetTimestamp() - scheduled) * 1000.0 / Stopwatch.Frequency);
                Interlocked.Increment(ref success ? ref ok : ref errors);
            }));
        }

        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Print($"fixed {rate} req/s", rate.ToString(CultureInfo.InvariantCulture), ok / elapsed, ok, errors, latencies);
    }

    private static async Task ClosedLoopAsync(HttpClient http, int workers, int seconds)
    {
        var latencies = new ConcurrentBag<double>();
        var ok = 0;
        var errors = 0;
        MarkCpu();
        var end = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var t = Stopwatch.GetTimestamp();
                var success = await PostAsync(http);
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                Interlocked.Increment(ref success ? ref ok : ref errors);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Print($"peak ({workers} workers, closed loop)", "max", ok / elapsed, ok, errors, latencies);
    }

    private static void Print(string step, string offered, double perSecond, int ok, int errors, IEnumerable<double> latencies)
    {
        _server!.Refresh();
        var serverCpu = (_server.TotalProcessorTime - _serverCpu).TotalMilliseconds / Math.Max(1, ok + errors);
        var selfCpu = (Process.GetCurrentProcess().TotalProcessorTime - _selfCpu).TotalMilliseconds / Math.Max(1, ok + errors);
        var sorted = latencies.Order().ToArray();
        double P(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {step} | {offered} | {perSecond:F0} | {ok} | {errors} | {P(0.50):F1} ms | {P(0.99):F1} ms | {(sorted.Length == 0 ? 0 : sorted[^1]):F1} ms | {serverCpu:F2} ms | {selfCpu:F2} ms |"));
    }

    private static void MarkCpu()
    {
        _server!.Refresh();
        _serverCpu = _server.TotalProcessorTime;
        _selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
    }
}
