using System.Net;

namespace ByokAgent.Providers.Http;

/// <summary>A provider answer's content whose body is read through a <see cref="StallGuardStream"/>; headers unchanged.</summary>
internal sealed class StallGuardContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly TimeSpan _idleTimeout;

    public StallGuardContent(HttpContent inner, TimeSpan idleTimeout)
    {
        _inner = inner;
        _idleTimeout = idleTimeout;
        foreach (var (name, values) in inner.Headers)
        {
            Headers.TryAddWithoutValidation(name, values);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new StallGuardStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _idleTimeout);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new StallGuardStream(_inner.ReadAsStream(cancellationToken), _idleTimeout);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
