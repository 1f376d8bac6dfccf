using System.Collections.Concurrent;

namespace ByokAgent.Bedrock.Tests.TestSupport;

/// <summary>Records each request's URI exactly as HttpClient puts it on the wire (the fake only sees it decoded).</summary>
internal sealed class RequestCapture() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<string> _uris = new();

    public IReadOnlyList<string> Uris => [.. _uris];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _uris.Enqueue(request.RequestUri!.AbsoluteUri);
        return base.SendAsync(request, cancellationToken);
    }
}
