using System.Buffers;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>
/// A read-only view of a server-sent-event stream in which each <c>data:</c> line may be replaced, so a provider's
/// stream can be corrected before the OpenAI SDK parses it. Every other byte (comments, <c>event:</c> lines, blank
/// lines, line endings, <c>[DONE]</c>) passes through untouched.
/// </summary>
/// <remarks>
/// <para>Hand-written: the BCL's <c>SseParser</c> enumerates a whole stream under one cancellation token, but this has to
/// be a <see cref="Stream"/> that the SDK's own parser reads, forwarding each read's token to the network.</para>
/// <para>Works line by line, so a line is handed on as soon as it is complete and streaming latency is unchanged. A
/// payload split over several <c>data:</c> lines is seen one line at a time; the rewrite callback then sees text that
/// is not a JSON object and leaves it alone. Lines end at LF (CRLF included); a stream with bare-CR line endings is
/// passed through unchanged. Not thread-safe, like any stream.</para>
/// </remarks>
internal sealed class SseDataRewritingStream : Stream
{
    private const int ReadSize = 16 * 1024;

    private static ReadOnlySpan<byte> DataField => "data:"u8;

    private readonly Stream _inner;
    private readonly Func<ReadOnlyMemory<byte>, byte[]?> _rewriteData;
    private readonly ArrayBufferWriter<byte> _incoming = new(ReadSize);
    private readonly ArrayBufferWriter<byte> _outgoing = new(ReadSize);
    private int _outgoingOffset;
    private bool _innerEnded;

    /// <param name="inner">The provider's event stream; disposed with this one.</param>
    /// <param name="rewriteData">
    /// Gets the payload of a <c>data:</c> line (without the field name, its optional space and the line ending) and
    /// returns its replacement, or <see langword="null"/> to keep the line byte for byte.
    /// </param>
    public SseDataRewritingStream(Stream inner, Func<ReadOnlyMemory<byte>, byte[]?> rewriteData)
    {
        _inner = inner;
        _rewriteData = rewriteData;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (!HasOutgoing && !_innerEnded && !buffer.IsEmpty)
        {
            var read = _inner.Read(_incoming.GetSpan(ReadSize));
            Advance(read);
        }

        return Drain(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!HasOutgoing && !_innerEnded && !buffer.IsEmpty)
        {
            var read = await _inner.ReadAsync(_incoming.GetMemory(ReadSize), cancellationToken).ConfigureAwait(false);
            Advance(read);
        }

        return Drain(buffer.Span);
    }

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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool HasOutgoing => _outgoingOffset < _outgoing.WrittenCount;

    private void Advance(int read)
    {
        if (read == 0)
        {
            // The stream ended: whatever is left is an unterminated last line, which the SDK's parser judges as sent.
            _innerEnded = true;
            _outgoing.Write(_incoming.WrittenSpan);
            _incoming.ResetWrittenCount();
            return;
        }

        _incoming.Advance(read);
        var pending = _incoming.WrittenSpan;
        var consumed = 0;
        int newline;
        while ((newline = pending[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            var lineEnd = consumed + newline + 1;
            WriteLine(_incoming.WrittenMemory[consumed..lineEnd]);
            consumed = lineEnd;
        }

        // Keep the incomplete tail for the next read. Lines are short (one JSON chunk), so the copy stays small.
        var tail = pending[consumed..].ToArray();
        _incoming.ResetWrittenCount();
        _incoming.Write(tail);
    }

    private void WriteLine(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        if (span.StartsWith(DataField))
        {
            var terminator = span.EndsWith("\r\n"u8) ? 2 : 1;
            var payloadStart = span.Length > DataField.Length && span[DataField.Length] == (byte)' ' ? DataField.Length + 1 : DataField.Length;
            var payload = line[payloadStart..^terminator];
            if (_rewriteData(payload) is { } replacement)
            {
                _outgoing.Write(span[..payloadStart]);
                _outgoing.Write(replacement);
                _outgoing.Write(span[^terminator..]);
                return;
            }
        }

        _outgoing.Write(span);
    }

    private int Drain(Span<byte> buffer)
    {
        var available = _outgoing.WrittenSpan[_outgoingOffset..];
        var count = Math.Min(available.Length, buffer.Length);
        available[..count].CopyTo(buffer);
        _outgoingOffset += count;
        if (_outgoingOffset == _outgoing.WrittenCount)
        {
            _outgoing.ResetWrittenCount();
            _outgoingOffset = 0;
        }

        return count;
    }
}
