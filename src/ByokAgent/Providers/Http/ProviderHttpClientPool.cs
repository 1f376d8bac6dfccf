using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace ByokAgent.Providers.Http;

/// <summary>
/// One pooled <see cref="HttpClient"/> per proxy setting, shared by every provider client, so a turn never opens a new
/// connection pool.
/// </summary>
/// <remarks>
/// Hand-written rather than <c>IHttpClientFactory</c>: the proxy is chosen per model config at run time, which named
/// clients cannot express, and <see cref="SocketsHttpHandler.PooledConnectionLifetime"/> already gives the DNS refresh
/// that handler rotation exists for. Thread-safe.
/// </remarks>
internal sealed class ProviderHttpClientPool(IOptions<ProviderOptions> options) : IDisposable
{
    // The key "" stands for "no explicit proxy": the handler then follows HTTPS_PROXY / NO_PROXY like any .NET client.
    private readonly ConcurrentDictionary<string, Lazy<HttpClient>> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The shared client for a proxy URL (<see langword="null"/> or empty: the environment's proxy settings).</summary>
    public HttpClient Get(string? proxy) =>
        _clients.GetOrAdd(proxy?.Trim() ?? string.Empty, key => new Lazy<HttpClient>(() => Create(key))).Value;

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _clients.Clear();
    }

    private HttpClient Create(string proxy)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = options.Value.PooledConnectionLifetime,
            AutomaticDecompression = DecompressionMethods.All,
            EnableMultipleHttp2Connections = true,
        };

        if (proxy.Length > 0)
        {
            handler.Proxy = new WebProxy(new Uri(proxy, UriKind.Absolute));
            handler.UseProxy = true;
        }

        // Timeouts belong to the SDK pipelines (per request, and aware of streaming); the HttpClient must not cut a long stream.
        return new HttpClient(new ErrorResponseHeadersHandler(handler), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
