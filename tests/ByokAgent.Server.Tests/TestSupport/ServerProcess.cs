using System.Collections.Concurrent;
using System.Diagnostics;
using ByokAgent.Testing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>
/// The real server executable (<c>dotnet ByokAgent.Server.dll --urls http://127.0.0.1:PORT</c>), built beside this project,
/// on a data directory of its own, with everything it prints captured.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly Lazy<string> Dll = new(FindServerDll);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly ConcurrentQueue<(string Text, TaskCompletionSource Seen)> _awaitedOutput;

    private ServerProcess(Process process, ConcurrentQueue<string> output, ConcurrentQueue<(string Text, TaskCompletionSource Seen)> awaitedOutput, Uri baseAddress)
    {
        _process = process;
        _output = output;
        _awaitedOutput = awaitedOutput;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the server on a free loopback port and returns once it listens.</summary>
    /// <param name="dataDirectory">Its <c>ByokAgent:Storage:DataDirectory</c>.</param>
    /// <param name="environment">Settings as environment variables (<c>ByokAgent__Server__RequestsPerMinute</c>), the way an operator passes them.</param>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IDictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll.Value);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));

        // The developer's own settings never reach the test server; it runs as in production.
        foreach (var name in new[] { "BYOK_PROVIDER", "BYOK_API_KEY", "BYOK_API_HOST", "BYOK_MODEL", "BYOK_MASTER_KEY", "BYOK_DATA_DIR", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ByokAgent__Storage__DataDirectory"] = dataDirectory;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new ConcurrentQueue<string>();
        var awaitedOutput = new ConcurrentQueue<(string Text, TaskCompletionSource Seen)>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Capture(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            output.Enqueue(line.Data);
            foreach (var (text, seen) in awaitedOutput)
            {
                if (line.Data.Contains(text, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }

            if (line.Data.Contains("Now listening on:", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += Capture;
        process.ErrorDataReceived += Capture;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The server exited before it listened."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, output, awaitedOutput, address);
        try
        {
            await listening.Task.WaitAsync(StartTimeout);
            return server;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The server did not start ({exception.Message}). It printed:\n{server.Output}", exception);
        }
    }

    /// <summary>Asks the server to stop as an orchestrator does (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or the OOM killer would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Completes once the process has printed a line containing <paramref name="text"/> (at any time since it started).</summary>
    public Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitedOutput.Enqueue((text, seen));
        // A line printed before the waiter was registered is in the output already.
        if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            seen.TrySetResult();
        }

        return seen.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // The OS picks a port that is free now; the server binds it a moment later.
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static string FindServerDll() => BuiltProgram.Find("ByokAgent.Server", "ByokAgent.Server.dll");
}
