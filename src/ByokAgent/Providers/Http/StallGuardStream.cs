namespace ByokAgent.Providers.Http;

/// <summary>
/// A provider's answer body that fails a read when nothing arrives for the idle timeout, so a stream that stalls ends the
/// turn instead of holding it until the total timeout.
/// </summary>
/// <remarks>
/// The SDKs' own timeouts wrap the shared retry loop and are therefore the long total one; this keeps the "nothing for
/// <c>RequestTimeout</c>" rule for every provider's bodies, streams included. A stall surfaces as
/// <see cref="HttpClient"/>'s timeouts do: a <see cref="TaskCanceledException"/> with an inner <see cref="TimeoutException"/>.
/// Not thread-safe, like the stream it wraps.
/// </remarks>
internal sealed class StallGuardStream(Stream inner, TimeSpan idleTimeout) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        try
        {
            return await inner.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TaskCanceledException(
                $"The provider sent nothing for {idleTimeout.TotalSeconds:0.#} s.",
                new TimeoutException($"No data within {idleTimeout}.", exception));
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads have no cancellation to time out with; no SDK in use reads provider bodies synchronously.
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
