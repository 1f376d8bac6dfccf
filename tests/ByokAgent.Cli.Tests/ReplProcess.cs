using System.Diagnostics;
using System.Text;

namespace ByokAgent.Cli.Tests;

/// <summary>
/// A running <c>byok</c> REPL driven line by line through redirected stdin, with its output watched as it arrives,
/// so a test can wait for a line, send the next one, or interrupt it (SIGINT) mid-turn.
/// </summary>
internal sealed class ReplProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private readonly Task _readers;

    private ReplProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(PumpAsync(process.StandardOutput, _stdout), PumpAsync(process.StandardError, _stderr));
    }

    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ReplProcess Start(string dataDirectory, IDictionary<string, string>? environment = null, params string[] arguments)
    {
        var start = ByokProcess.StartInfo(dataDirectory, arguments, environment);
        return new ReplProcess(Process.Start(start) ?? throw new InvalidOperationException("byok did not start."));
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Completes once stdout or stderr holds <paramref name="text"/> (signalled by the readers; no polling).</summary>
    public async Task WaitForAsync(string text)
    {
        TaskCompletionSource seen;
        lock (_lock)
        {
            if (_stdout.ToString().Contains(text, StringComparison.Ordinal) || _stderr.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
        }

        try
        {
            await seen.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"byok never printed '{text}'.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0);
    }

    /// <summary>Closes stdin (end of input) and waits for the REPL to exit.</summary>
    public async Task<ByokResult> EndAsync()
    {
        _process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cancel.Token);
        await _readers;
        return new ByokResult(_process.ExitCode, StandardOutput, StandardError);
    }

    /// <summary>Waits for the REPL to exit on its own, stdin still open.</summary>
    public async Task<ByokResult> WaitForExitAsync()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cancel.Token);
        await _readers;
        return new ByokResult(_process.ExitCode, StandardOutput, StandardError);
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

    private async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_lock)
            {
                into.Append(buffer, 0, read);
                var all = _stdout.ToString() + _stderr.ToString();
                foreach (var waiter in _waiters.Where(w => all.Contains(w.Text, StringComparison.Ordinal)).ToList())
                {
                    waiter.Seen.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}
