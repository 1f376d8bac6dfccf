using System.Collections.Concurrent;

namespace ByokAgent.Testing.Scripting;

/// <summary>The replies a test has scripted: a FIFO queue first, then the fallback responder.</summary>
/// <remarks>Thread-safe; shared by every wire, so one script drives whichever endpoint the client calls.</remarks>
internal sealed class ReplyScript
{
    private readonly ConcurrentQueue<FakeReply> _queue = new();

    public Func<RecordedRequest, FakeReply>? Responder { get; set; }

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
