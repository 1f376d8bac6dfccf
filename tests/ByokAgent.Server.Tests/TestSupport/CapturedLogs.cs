using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>
/// Keeps every log line the server writes (all levels, with exception text), so tests can search them for secrets and
/// wait for the line that says a request is over.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Line)> _lines = new();
    private readonly List<Waiter> _waiters = [];

    /// <summary>Every line, at every level.</summary>
    public string AllText => string.Join('\n', _lines.Select(l => l.Line));

    /// <summary>The lines at <paramref name="minimum"/> or above.</summary>
    public string TextAtOrAbove(LogLevel minimum) => string.Join('\n', _lines.Where(l => l.Level >= minimum).Select(l => l.Line));

    /// <summary>The lines of one logger category (e.g. the server's request log).</summary>
    public IReadOnlyList<string> LinesOf(string category) => [.. _lines.Select(l => l.Line).Where(l => l.Contains($" {category}: ", StringComparison.Ordinal))];

    /// <summary>Completes once the server logged <paramref name="count"/> finished requests to this route (its last word on them).</summary>
    public Task WaitForRequestsAsync(string method, string path, int count = 1) =>
        WaitForLinesAsync(line => line.Contains($"RequestLogging: {method} {path} -> ", StringComparison.Ordinal), count);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    /// <summary>Completes once <paramref name="count"/> lines match <paramref name="match"/> (signalled as lines arrive).</summary>
    private async Task WaitForLinesAsync(Func<string, bool> match, int count = 1)
    {
        var waiter = new Waiter(match, count);
        lock (_waiters)
        {
            _waiters.Add(waiter);
            waiter.Offer(_lines.Select(l => l.Line));
        }

        try
        {
            await waiter.Reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {count} log lines matched within 20 s. The log:\n{AllText}");
        }
        finally
        {
            lock (_waiters)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private void Add(LogLevel level, string line)
    {
        lock (_waiters)
        {
            _lines.Enqueue((level, line));
            foreach (var waiter in _waiters)
            {
                waiter.Offer([line]);
            }
        }
    }

    private sealed class Waiter(Func<string, bool> match, int count)
    {
        private int _seen;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Offer(IEnumerable<string> lines)
        {
            _seen += lines.Count(match);
            if (_seen >= count)
            {
                Reached.TrySetResult();
            }
        }
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add(logLevel, $"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
