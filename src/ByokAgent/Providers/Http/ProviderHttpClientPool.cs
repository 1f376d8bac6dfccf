using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace ByokAgent.Providers.Http;

/// <summary>
/// One pooled connection handler per proxy setting, shared by every provider client, so a turn never opens a new
/// connection pool; and over it, the one retry loop of provider calls (<see cref="ProviderResilienceHandler"/>).
/// </summary>
/// <remarks>
/// Hand-written rather than <c>IHttpClientFactory</c>: the proxy is chosen per model config at run time, which named
/// clients cannot express, and <see cref="SocketsHttpHandler.PooledConnectionLifetime"/> already gives the DNS refresh
/// that handler rotation exists for. Clients with a retry loop are cached per proxy and <see cref="ProviderCallPolicy"/>
/// (a handful: providers times settings) and share the proxy's handler. Thread-safe.
/// </remarks>
internal sealed class ProviderHttpClientPool(IOptions<ProviderOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    : IDisposable
{
    // The key "" stands for "no explicit proxy": the handler then follows HTTPS_PROXY / NO_PROXY like any .NET client.
    private readonly ConcurrentDictionary<string, Lazy<HttpClient>> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Proxy, ProviderCallPolicy Policy), Lazy<HttpClient>> _resilientClients = new();
    private readonly ConcurrentDictionary<ProviderCallPolicy, ResiliencePipeline<HttpResponseMessage>> _pipelines = new();
    private readonly ConcurrentDictionary<string, Lazy<HttpMessageHandler>> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ByokAgent.Providers.Http.ProviderResilience");
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// The shared client for a proxy URL (<see langword="null"/> or empty: the environment's proxy settings), without
    /// retries: for requests whose caller decides about retrying (validation's lookups).
    /// </summary>
    public HttpClient Get(string? proxy) =>
        _clients.GetOrAdd(Key(proxy), key => new Lazy<HttpClient>(() => new HttpClient(Handler(key), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan })).Value;

    /// <summary>
    /// The shared client for <paramref name="config"/>'s calls under <paramref name="settings"/>: its proxy (else the
    /// settings' proxy), and the retry loop, per-attempt and total timeouts of <paramref name="settings"/>.
    /// </summary>
    public HttpClient Get(ModelConfig config, ProviderOptions settings)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        var proxy = Key(string.IsNullOrWhiteSpace(config.Proxy) ? settings.Proxy : config.Proxy);
        var policy = ProviderCallPolicy.For(config, settings);
        return _resilientClients.GetOrAdd((proxy, policy), key => new Lazy<HttpClient>(() => CreateResilient(key.Proxy, key.Policy))).Value;
    }

    public void Dispose()
    {
        // Clients do not own the handlers; the handlers own the connections.
        foreach (var client in _clients.Values.Concat(_resilientClients.Values).Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        foreach (var handler in _handlers.Values.Where(h => h.IsValueCreated))
        {
            handler.Value.Dispose();
        }

        _clients.Clear();
        _resilientClients.Clear();
        _handlers.Clear();
    }

    private static string Key(string? proxy) => proxy?.Trim() ?? string.Empty;

    private HttpClient CreateResilient(string proxy, ProviderCallPolicy policy)
    {
        var pipeline = _pipelines.GetOrAdd(policy, p => ProviderResiliencePipelines.Create(p, _time, _logger));
        // The resilience handler is the client's own (cheap, no connections); disposing it would dispose the shared
        // handler under it, so the client does not, and the pool disposes the shared handler once.
        var handler = new ProviderResilienceHandler(pipeline, policy.AttemptTimeout, _time, Handler(proxy));
        return new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private HttpMessageHandler Handler(string proxy) =>
        _handlers.GetOrAdd(proxy, key => new Lazy<HttpMessageHandler>(() => CreateHandler(key, options.Value.PooledConnectionLifetime))).Value;

    private static ErrorResponseHeadersHandler CreateHandler(string proxy, TimeSpan pooledConnectionLifetime)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = pooledConnectionLifetime,
            AutomaticDecompression = DecompressionMethods.All,
            EnableMultipleHttp2Connections = true,
        };

        if (proxy.Length > 0)
        {
            handler.Proxy = new WebProxy(new Uri(proxy, UriKind.Absolute));
            handler.UseProxy = true;
        }

        // Timeouts belong to the retry loop and the SDK pipelines (per attempt, and aware of streaming); the HttpClient
        // must not cut a long stream. Error headers are captured per attempt, so the last attempt's hints reach the error.
        return new ErrorResponseHeadersHandler(handler);
    }
}
