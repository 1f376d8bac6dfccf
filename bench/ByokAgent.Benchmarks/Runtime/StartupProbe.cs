using System.Diagnostics;
using System.Globalization;
using ByokAgent.Testing;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// (g) process wall time of <c>byok ask</c> against FakeProvider (started in this process), vs <c>byok --version</c>
/// (host start + command-line parse, no runtime) on the same machine.
/// Usage: ByokAgent.Benchmarks startup PATH/TO/byok.dll [runs, default 20]
/// </summary>
internal static class StartupProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            await Console.Error.WriteLineAsync("usage: startup PATH/TO/byok.dll [runs]");
            return 2;
        }

        var dll = Path.GetFullPath(args[1]);
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        await using var fake = await FakeProvider.StartAsync();
        fake.Responder = _ => FakeReply.Text("hi");
        var data = Directory.CreateTempSubdirectory("byok-startup-bench-").FullName;
        try
        {
            var env = new Dictionary<string, string>
            {
                ["BYOK_PROVIDER"] = "openai",
                ["BYOK_MODEL"] = "gpt-test",
                ["BYOK_API_KEY"] = RuntimeFixture.ApiKey,
                ["BYOK_API_HOST"] = fake.OpenAIBaseUri.ToString(),
                ["ByokAgent__Storage__DataDirectory"] = data,
                ["ByokAgent__Providers__MaxRetries"] = "0",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            };
            Console.WriteLine($"# byok start-up: {runs} runs each after 2 warm-up runs, {Environment.ProcessorCount} CPUs, {DateTime.UtcNow:u}");
            Console.WriteLine();
            Console.WriteLine("| Command | p50 | mean | min | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            await MeasureAsync("byok --version", dll, ["--version"], env, runs);
            await MeasureAsync("byok ask --no-stream hi", dll, ["ask", "--no-stream", "hi"], env, runs);
            await MeasureAsync("byok ask hi (streamed)", dll, ["ask", "hi"], env, runs);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }

        return 0;
    }

    private static async Task MeasureAsync(string name, string dll, string[] args, Dictionary<string, string> env, int runs)
    {
        var times = new List<double>();
        for (var i = -2; i < runs; i++)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(dll);
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            foreach (var (k, v) in env)
            {
                info.Environment[k] = v;
            }

            var t = Stopwatch.GetTimestamp();
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{name} exited {process.ExitCode}: {await stdout} {await stderr}");
            }

            if (i >= 0)
            {
                times.Add(ms);
            }
        }

        var sorted = times.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| `{name}` | {sorted[sorted.Length / 2]:F0} ms | {times.Average():F0} ms | {sorted[0]:F0} ms | {sorted[^1]:F0} ms |"));
    }
}
