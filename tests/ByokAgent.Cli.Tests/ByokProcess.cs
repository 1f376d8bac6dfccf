using System.Diagnostics;
using ByokAgent.Testing;

namespace ByokAgent.Cli.Tests;

/// <summary>Runs the real <c>byok</c> executable (built beside this project) and captures what it prints.</summary>
internal static class ByokProcess
{
    private static readonly Lazy<string> Dll = new(FindByokDll);

    /// <summary>Runs byok; with no <paramref name="dataDirectory"/> it gets a fresh one of its own, removed afterwards.</summary>
    public static async Task<ByokResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? standardInput = null, TimeSpan? timeout = null, string? dataDirectory = null)
    {
        var ownDirectory = dataDirectory is null ? Directory.CreateTempSubdirectory("byok-cli-").FullName : null;
        try
        {
            return await RunInAsync(ownDirectory ?? dataDirectory!, arguments, environment, standardInput, timeout);
        }
        finally
        {
            if (ownDirectory is not null)
            {
                Directory.Delete(ownDirectory, recursive: true);
            }
        }
    }

    private static async Task<ByokResult> RunInAsync(string dataDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment, string? standardInput, TimeSpan? timeout)
    {
        var start = StartInfo(dataDirectory, arguments, environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("byok did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        return new ByokResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// How every test starts byok: redirected streams, its own data directory, no SDK retries, and none of the developer's
    /// own <c>BYOK_*</c> model settings (they must never leak into a test).
    /// </summary>
    public static ProcessStartInfo StartInfo(string dataDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "BYOK_PROVIDER", "BYOK_API_KEY", "BYOK_API_HOST", "BYOK_MODEL", "BYOK_MASTER_KEY" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["BYOK_DATA_DIR"] = dataDirectory;
        start.Environment["ByokAgent__Providers__MaxRetries"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static string FindByokDll() => BuiltProgram.Find("ByokAgent.Cli", "byok.dll");
}

internal sealed record ByokResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string AllOutput => StandardOutput + StandardError;

    /// <summary>The session byok reported (<c>session: ID</c> on stderr), or <see langword="null"/>.</summary>
    public string? SessionId => StandardError.Split('\n').FirstOrDefault(l => l.StartsWith("session: ", StringComparison.Ordinal))?["session: ".Length..].Trim();

    /// <summary>The stderr lines other than the session line.</summary>
    public IReadOnlyList<string> ErrorLines => [.. StandardError.TrimEnd().Split('\n').Where(l => l.Length > 0 && !l.StartsWith("session: ", StringComparison.Ordinal))];
}
