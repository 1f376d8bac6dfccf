using System.Text;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>
/// Sits in every test client and keeps what the server answered (status line, headers and body bytes as the client reads
/// them, streamed bodies included), so a test can search every response for a secret.
/// </summary>
internal sealed class ResponseRecorder(ResponseLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var head = $"{(int)response.StatusCode} {response.Headers} {response.Content.Headers}";
        log.Add(() => head);
        var body = new RecordingStream(await response.Content.ReadAsStreamAsync(cancellationToken));
        log.Add(() => body.Text);
        var recorded = new StreamContent(body);
        foreach (var (name, values) in response.Content.Headers)
        {
            recorded.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = recorded;
        return response;
    }

    /// <summary>Passes reads through and keeps a copy of the bytes.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        private readonly MemoryStream _copy = new();

        public string Text
        {
            get
            {
                lock (_copy)
                {
                    return Encoding.UTF8.GetString(_copy.GetBuffer(), 0, (int)_copy.Length);
                }
            }
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

        public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Keep(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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

        private int Keep(ReadOnlySpan<byte> read)
        {
            lock (_copy)
            {
                _copy.Write(read);
            }

            return read.Length;
        }
    }
}
