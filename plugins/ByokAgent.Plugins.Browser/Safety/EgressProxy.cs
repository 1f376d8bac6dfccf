using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Plugins.Browser.Safety;

/// <summary>
/// A forward HTTP proxy on 127.0.0.1 that all traffic of one session's browser context goes through: it checks every
/// connection with <see cref="AddressGuard"/> (after DNS resolution) and connects only to the addresses it checked.
/// </summary>
/// <remarks>
/// <para>Why a proxy and not Playwright's request routing: routing is not called for redirect hops (Playwright documents
/// it, and a test here shows a public page's redirect to 127.0.0.1 going out unseen), nor does it see WebSockets or
/// prevent DNS rebinding between a check and Chromium's own lookup. Chromium sends every request of a context with a
/// proxy, loopback included (Playwright adds <c>&lt;-loopback&gt;</c> to the bypass rules), so redirects, subresources,
/// frames, workers and WebSockets are all checked here.</para>
/// <para>Plain HTTP is forwarded one request per connection (<c>Connection: close</c> both ways); HTTPS and WebSockets
/// arrive as <c>CONNECT</c> and are tunnelled as bytes (TLS stays end to end). A refused request gets a 403 whose
/// <c>X-Byok-Refused</c> header gives the reason, and the refusal is kept for the next tool result to report.</para>
/// <para>One proxy per session: its refusals belong to that session alone. Thread-safe.</para>
/// </remarks>
internal sealed partial class EgressProxy : IAsyncDisposable
{
    /// <summary>The response header that carries a refusal's reason to the page's response.</summary>
    public const string RefusalHeader = "X-Byok-Refused";

    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxKeptRefusals = 20;

    // Chromium opens spare connections it may never use; one that sends nothing for this long is dropped.
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromMinutes(2);

    private readonly TcpListener _listener;
    private readonly AddressGuard _guard;
    private readonly TimeSpan _connectTimeout;
    private readonly string _sessionId;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<EgressRefusal> _refusals = new();
    private readonly Task _accepting;

    private EgressProxy(AddressGuard guard, TimeSpan connectTimeout, string sessionId, ILogger logger)
    {
        _guard = guard;
        _connectTimeout = connectTimeout;
        _sessionId = sessionId;
        _logger = logger;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's address for Chromium (<c>http://127.0.0.1:PORT</c>).</summary>
    public Uri Address { get; }

    /// <summary>Starts a proxy on a free loopback port.</summary>
    public static EgressProxy Start(AddressGuard guard, TimeSpan connectTimeout, string sessionId, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(logger);
        return new EgressProxy(guard, connectTimeout, sessionId, logger);
    }

    /// <summary>The refusals since the last call, oldest first (each reported once).</summary>
    public IReadOnlyList<EgressRefusal> TakeRefusals()
    {
        var taken = new List<EgressRefusal>();
        while (_refusals.TryDequeue(out var refusal))
        {
            taken.Add(refusal);
        }

        return taken;
    }

    /// <summary>Stops listening and ends every connection in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        // _stopping is left undisposed on purpose: connections still winding down read its token, and it owns no timer.
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopped (the listener's socket closes under the pending accept).
                return;
            }

            // Each connection runs on its own and ends by itself or when the proxy stops; ServeAsync never throws.
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var stream = new NetworkStream(client, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                HttpHead? head;
                using (var headTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
                {
                    headTimeout.CancelAfter(HeadTimeout);
                    head = await HttpHead.ReadAsync(stream, MaxHeadBytes, headTimeout.Token).ConfigureAwait(false);
                }

                if (head is null)
                {
                    return;
                }

                var requestLine = head.StartLine.Split(' ');
                if (requestLine.Length != 3)
                {
                    await RespondAsync(stream, 400, "Bad Request", reason: null).ConfigureAwait(false);
                }
                else if (requestLine[0] == "CONNECT")
                {
                    await TunnelAsync(stream, requestLine[1], head).ConfigureAwait(false);
                }
                else
                {
                    await ForwardAsync(stream, requestLine, head).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A peer went away, or the proxy is stopping: the connection simply ends.
                Log.ConnectionEnded(_logger, _sessionId, exception.GetType().Name);
            }
        }
    }

    private void RecordRefusal(string host, string reason)
    {
        _refusals.Enqueue(new EgressRefusal(host, reason));
        while (_refusals.Count > MaxKeptRefusals && _refusals.TryDequeue(out _))
        {
        }

        Log.Refused(_logger, _sessionId, host, reason);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The browser of session {SessionId} was refused a connection to {Host}: {Reason}")]
        public static partial void Refused(ILogger logger, string sessionId, string host, string reason);

        [LoggerMessage(2, LogLevel.Trace, "A browser proxy connection of session {SessionId} ended: {Cause}")]
        public static partial void ConnectionEnded(ILogger logger, string sessionId, string cause);

        [LoggerMessage(3, LogLevel.Debug, "The browser of session {SessionId} could not connect to {Host}:{Port}")]
        public static partial void ConnectFailed(ILogger logger, string sessionId, string host, int port);
    }
}
