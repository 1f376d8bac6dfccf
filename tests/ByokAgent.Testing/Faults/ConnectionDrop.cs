namespace ByokAgent.Testing.Faults;

/// <summary>The <see cref="FakeReply.DropAfterChunks"/> fault: count body chunks and cut the connection.</summary>
/// <param name="context">The exchange to abort.</param>
/// <param name="dropAfterChunks">Chunks to send before the abort; <see langword="null"/> never drops.</param>
internal sealed class ConnectionDrop(HttpContext context, int? dropAfterChunks)
{
    private int _sent;

    public bool Dropped { get; private set; }

    /// <summary>Whether the next chunk may be sent; aborts instead once the budget is spent.</summary>
    public bool BeforeChunk()
    {
        if (Dropped)
        {
            return false;
        }

        if (dropAfterChunks is { } budget && _sent >= budget)
        {
            Drop();
            return false;
        }

        _sent++;
        return true;
    }

    /// <summary>Called when the body is complete: a reply scripted to drop never completes cleanly.</summary>
    public void AfterBody()
    {
        if (dropAfterChunks is not null && !Dropped)
        {
            Drop();
        }
    }

    private void Drop()
    {
        Dropped = true;
        // Abort resets the connection without the terminating chunk, which is what a client sees when a provider or
        // proxy dies mid-stream: a read that throws instead of a clean end of body.
        context.Abort();
    }
}
