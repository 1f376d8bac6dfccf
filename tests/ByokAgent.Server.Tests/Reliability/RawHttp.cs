using System.Net.Sockets;
using System.Text;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>An HTTP/1.1 answer as bytes off the socket: status, headers and the (de-chunked) body.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");
}

/// <summary>
/// Sends a request exactly as written: the request target, headers and body bytes go on the wire untouched (no URI
/// normalization, header validation or Content-Length of the client's own), as a hostile client would send them.
/// </summary>
internal static class RawHttp
{
    /// <summary>Sends one request on a new connection (<c>Connection: close</c>) and reads the answer to the end.</summary>
    /// <param name="headers">Header lines without CRLF, sent as Latin-1 bytes unless given as <paramref name="rawHeaderBytes"/>.</param>
    /// <param name="body">The body; <c>Content-Length</c> is added only when <paramref name="contentLength"/> says so.</param>
    /// <param name="contentLength">The Content-Length header value to send: the body's length when <see langword="null"/> and there is a body, or any text (a lie, garbage).</param>
    /// <param name="hangUp">Closes the sending side after the request (a client that gives up mid-body); Kestrel then drops the request.</param>
    public static async Task<RawResponse?> SendAsync(Uri server, string method, string target, IEnumerable<string> headers, byte[]? body = null, string? contentLength = null, byte[]? rawHeaderBytes = null, bool hangUp = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        if (contentLength is not null || body is { Length: > 0 })
        {
            head.Append("Content-Length: ").Append(contentLength ?? body!.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        }

        // Read while writing: a server that refuses a large body answers before it has read it, then closes.
        using var reading = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var answer = ReadToEndAsync(stream, reading.Token);
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()));
            if (rawHeaderBytes is not null)
            {
                await stream.WriteAsync(rawHeaderBytes);
            }

            await stream.WriteAsync("\r\n"u8.ToArray());
            if (body is not null)
            {
                await stream.WriteAsync(body);
            }

            if (hangUp)
            {
                tcp.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server closed while the body was still going out: its answer (if any) is already on the way.
        }

        return Parse(await answer);
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset after the answer (a refused upload): keep what arrived.
        }

        return buffer.ToArray();
    }

    private static RawResponse? Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = bytes.AsSpan(end + 4).ToArray();
        return new RawResponse(status, headers, Encoding.UTF8.GetString(headers.GetValueOrDefault("transfer-encoding") == "chunked" ? Dechunk(body) : body));
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var result = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(body, at, lineEnd).Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            var start = at + lineEnd + 2;
            result.Write(body, start, Math.Min(size, body.Length - start));
            at = start + size + 2;
        }

        return result.ToArray();
    }
}
