using System.Runtime.CompilerServices;
using Amazon.Runtime.EventStreams;
using Amazon.Runtime.EventStreams.Internal;

namespace ByokAgent.Bedrock.EventStreams;

/// <summary>Reads the frames of an <c>application/vnd.amazon.eventstream</c> body with AWSSDK.Core's decoder.</summary>
/// <remarks>
/// <para>The decoder parses frames and checks both CRCs; this type adds what a client needs around it: a stall limit
/// between reads (HttpClient does not time out a body read after the headers), and an error instead of a silent end
/// when the body stops mid-frame or the connection drops.</para>
/// <para>The decoder is always fed from offset 0 of the read buffer: <c>EventStreamDecoder.ProcessData(buffer,
/// offset, count)</c> in AWSSDK.Core 4.0.102.19 silently loses frames when <c>offset</c> is not 0.</para>
/// </remarks>
internal static class EventStreamReader
{
    // Prelude (total length, headers length, prelude CRC) plus the trailing message CRC.
    private const int FrameOverhead = 16;
    private const int BufferSize = 16 * 1024;

    /// <summary>Yields each frame as soon as it is complete.</summary>
    /// <exception cref="BedrockException">The stream broke off, ended mid-frame or failed a checksum.</exception>
    /// <exception cref="TaskCanceledException">No bytes arrived within <paramref name="stallTimeout"/> (inner <see cref="TimeoutException"/>).</exception>
    public static async IAsyncEnumerable<EventStreamMessage> ReadAsync(
        Stream body,
        TimeSpan stallTimeout,
        string? requestId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        var frames = new Queue<EventStreamMessage>();
        long received = 0;
        long framed = 0;
        using var decoder = new EventStreamDecoder();
        decoder.MessageReceived += (_, args) =>
        {
            frames.Enqueue(args.Message);
            framed += WireSize(args.Message);
        };

        while (true)
        {
            var read = await ReadChunkAsync(body, buffer, stallTimeout, requestId, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            received += read;
            Decode(decoder, buffer, read, requestId);
            while (frames.TryDequeue(out var frame))
            {
                yield return frame;
            }
        }

        if (received != framed)
        {
            throw new BedrockException(
                200,
                BedrockException.EventStreamTruncated,
                $"The event stream ended in the middle of a frame ({received - framed} bytes of an incomplete frame).",
                requestId);
        }
    }

    private static async Task<int> ReadChunkAsync(Stream body, byte[] buffer, TimeSpan stallTimeout, string? requestId, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(stallTimeout);
        try
        {
            return await body.ReadAsync(buffer.AsMemory(0, buffer.Length), stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw BedrockTimeouts.Stalled(stallTimeout, exception);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            throw new BedrockException(
                200,
                BedrockException.EventStreamTruncated,
                "The connection closed before the event stream was complete.",
                requestId,
                exception);
        }
    }

    private static void Decode(EventStreamDecoder decoder, byte[] buffer, int count, string? requestId)
    {
        try
        {
            decoder.ProcessData(buffer, 0, count);
        }
        catch (EventStreamChecksumFailureException exception)
        {
            throw new BedrockException(
                200,
                BedrockException.EventStreamChecksumFailure,
                "A frame of the event stream failed its checksum: the stream is corrupted.",
                requestId,
                exception);
        }
        catch (Exception exception) when (exception is EventStreamValidationException or EventStreamDecoderIllegalStateException or ArgumentException or IndexOutOfRangeException)
        {
            throw new BedrockException(
                200,
                BedrockException.EventStreamMalformed,
                "The event stream holds a frame that cannot be decoded.",
                requestId,
                exception);
        }
    }

    private static long WireSize(EventStreamMessage message)
    {
        long size = FrameOverhead + (message.Payload?.Length ?? 0);
        foreach (var header in message.Headers.Values)
        {
            size += header.GetWireSize();
        }

        return size;
    }
}
