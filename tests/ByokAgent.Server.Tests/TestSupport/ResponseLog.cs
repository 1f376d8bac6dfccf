using System.Collections.Concurrent;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>Everything the server answered to the clients that record into this log (<see cref="ResponseRecorder"/>).</summary>
public sealed class ResponseLog
{
    private readonly ConcurrentQueue<Func<string>> _parts = new();

    /// <summary>Every recorded status line, header and body byte read so far, as text.</summary>
    public string AllText => string.Join('\n', _parts.Select(part => part()));

    public void Add(Func<string> part) => _parts.Enqueue(part);
}
