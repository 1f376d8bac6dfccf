using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ByokAgent.Plugins.Browser.Safety;

internal sealed partial class EgressProxy
{
    // Hop-by-hop headers of the browser-to-proxy leg; the proxy sets its own Connection header on each leg.
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer", "Upgrade",
    };

    // HTTPS and WebSockets: check the host, connect to a checked address, then pipe bytes both ways.
    private async Task TunnelAsync(NetworkStream client, string authority, HttpHead head)
    {
        if (!Uri.TryCreate($"tcp://{authority}", UriKind.Absolute, out var target) || target.Port <= 0)
        {
            await RespondAsync(client, 400, "Bad Request", reason: null).ConfigureAwait(false);
            return;
        }

        using var upstream = await OpenUpstreamAsync(client, target.IdnHost, target.Port).ConfigureAwait(false);
        if (upstream is null)
        {
            return;
        }

        await client.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stopping.Token).ConfigureAwait(false);
        await upstream.WriteAsync(head.Rest, _stopping.Token).ConfigureAwait(false);
        await PipeAsync(client, upstream).ConfigureAwait(false);
    }

    // Plain HTTP: the request arrives in absolute form; it is sent on in origin form over a fresh connection, and the
    // response is relayed until the server closes. Connection: close on both legs keeps one request per connection, so a
    // browser never reuses a connection to one host for another.
    private async Task ForwardAsync(NetworkStream client, string[] requestLine, HttpHead head)
    {
        if (!Uri.TryCreate(requestLine[1], UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttp)
        {
            await RespondAsync(client, 400, "Bad Request", reason: null).ConfigureAwait(false);
            return;
        }

        using var upstream = await OpenUpstreamAsync(client, target.IdnHost, target.Port).ConfigureAwait(false);
        if (upstream is null)
        {
            return;
        }

        var requestHead = HttpHead.Format(
            $"{requestLine[0]} {target.PathAndQuery} {requestLine[2]}",
            head.Headers.Where(h => !HopHeaders.Contains(h.Key)).Append(new("Connection", "close")));
        await upstream.WriteAsync(requestHead, _stopping.Token).ConfigureAwait(false);
        await upstream.WriteAsync(head.Rest, _stopping.Token).ConfigureAwait(false);

        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        // The request body (if any) keeps flowing while the response comes back.
        var requestBody = CopyAsync(client, upstream, done);
        try
        {
            var response = await HttpHead.ReadAsync(upstream, MaxHeadBytes, done.Token).ConfigureAwait(false);
            if (response is null)
            {
                await RespondAsync(client, 502, "Bad Gateway", reason: null).ConfigureAwait(false);
                return;
            }

            var responseHead = HttpHead.Format(
                response.StartLine,
                response.Headers.Where(h => !HopHeaders.Contains(h.Key)).Append(new("Connection", "close")));
            await client.WriteAsync(responseHead, done.Token).ConfigureAwait(false);
            await client.WriteAsync(response.Rest, done.Token).ConfigureAwait(false);
            await upstream.CopyToAsync(client, done.Token).ConfigureAwait(false);
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            await requestBody.ConfigureAwait(false);
        }
    }

    // The connection to the target, or null once the browser has been answered with a refusal or a 502.
    private async Task<NetworkStream?> OpenUpstreamAsync(NetworkStream client, string host, int port)
    {
        var decision = await _guard.CheckHostAsync(host, _stopping.Token).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            var reason = decision.Reason ?? "refused";
            if (decision.Verdict == EgressVerdict.Refused)
            {
                RecordRefusal(host, reason);
                await RespondAsync(client, 403, "Forbidden", reason).ConfigureAwait(false);
            }
            else
            {
                await RespondAsync(client, 502, "Bad Gateway", reason: null).ConfigureAwait(false);
            }

            return null;
        }

        var socket = await ConnectAsync(decision.Addresses, port).ConfigureAwait(false);
        if (socket is null)
        {
            Log.ConnectFailed(_logger, _sessionId, host, port);
            await RespondAsync(client, 502, "Bad Gateway", reason: null).ConfigureAwait(false);
            return null;
        }

        return new NetworkStream(socket, ownsSocket: true);
    }

    // Tries the checked addresses in order within one connect timeout; never resolves the name again.
    private async Task<Socket?> ConnectAsync(IReadOnlyList<IPAddress> addresses, int port)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_connectTimeout);
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, port, timeout.Token).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                socket.Dispose();
                return null;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return null;
    }

    private async Task PipeAsync(NetworkStream client, NetworkStream upstream)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        await Task.WhenAll(CopyAsync(client, upstream, done), CopyAsync(upstream, client, done)).ConfigureAwait(false);
    }

    // Copies until the source ends, then half-closes the destination so the other side sees the end too. A broken
    // side ends both directions. Never throws.
    private static async Task CopyAsync(NetworkStream from, NetworkStream to, CancellationTokenSource done)
    {
        try
        {
            await from.CopyToAsync(to, done.Token).ConfigureAwait(false);
            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            try
            {
                await done.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The connection finished meanwhile.
            }
        }
    }

    private async Task RespondAsync(NetworkStream client, int status, string phrase, string? reason)
    {
        // The inline icon keeps Chromium from asking the refused origin for /favicon.ico (a second, pointless refusal).
        const string Head = "<!doctype html><link rel=icon href=\"data:,\">";
        var body = reason is null
            ? $"{Head}<title>{status} {phrase}</title><p>{status} {phrase}</p>"
            : $"{Head}<title>Refused</title><p>ByokAgent's browser refused this address: {WebUtility.HtmlEncode(reason)}.</p>";
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "text/html; charset=utf-8"),
            new("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Cache-Control", "no-store"),
            new("Connection", "close"),
        };
        if (reason is not null)
        {
            headers.Add(new(RefusalHeader, HeaderSafe(reason)));
        }

        await client.WriteAsync(HttpHead.Format($"HTTP/1.1 {status} {phrase}", headers), _stopping.Token).ConfigureAwait(false);
        await client.WriteAsync(bytes, _stopping.Token).ConfigureAwait(false);
    }

    private static string HeaderSafe(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
            }
        });
}
