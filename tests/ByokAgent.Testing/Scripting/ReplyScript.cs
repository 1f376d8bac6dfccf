using System.Collections.Concurrent;

namespace ByokAgent.Testing.Scripting;

/// <summary>The replies a test has scripted: the intercept for any request, then for generated routes a FIFO queue, then the fallback responder.</summary>
/// <remarks>Thread-safe; shared by every wire, so one script drives whichever endpoint the client calls.</remarks>
internal sealed class ReplyScript
{
    private readonly ConcurrentQueue<FakeReply> _queue = new();
    private Func<RecordedRequest, FakeReply?>? _intercept;

    public Func<RecordedRequest, FakeReply>? Responder { get; set; }

    /// <summary>Asked first for every request, whatever its route; <see langword="null"/> lets the wires answer.</summary>
    public Func<RecordedRequest, FakeReply?>? Intercept
    {
        get => Volatile.Read(ref _intercept);
        set => Volatile.Write(ref _intercept, value);
    }

    public int Pending => _queue.Count;

    public void Enqueue(IEnumerable<FakeReply> replies)
    {
        foreach (var reply in replies)
        {
            ArgumentNullException.ThrowIfNull(reply);
            _queue.Enqueue(reply);
        }
    }

    /// <summary>The reply for this request, or <see langword="null"/> when nothing is scripted.</summary>
    public FakeReply? Next(RecordedRequest request) =>
        _queue.TryDequeue(out var reply) ? reply : Responder?.Invoke(request);
}
