using System.Text;

namespace ByokAgent.Plugins.Browser.Safety;

/// <summary>
/// The start line and headers of an HTTP/1.x message, as the egress proxy reads them off a socket, plus the bytes that
/// arrived after them (the start of a body, or of a TLS handshake after <c>CONNECT</c>).
/// </summary>
/// <remarks>
/// Hand-written because Playwright has no hook that sees every connection (its request routing skips redirect hops) and
/// Kestrel does not act as a forward proxy; the proxy only needs the head, everything after it is piped as bytes.
/// </remarks>
internal sealed class HttpHead
{
    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    private HttpHead(string startLine, List<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> rest)
    {
        StartLine = startLine;
        Headers = headers;
        Rest = rest;
    }

    /// <summary>The request line (<c>GET http://host/ HTTP/1.1</c>) or status line (<c>HTTP/1.1 200 OK</c>).</summary>
    public string StartLine { get; }

    /// <summary>Header fields in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Bytes received after the blank line that ends the head.</summary>
    public ReadOnlyMemory<byte> Rest { get; }

    /// <summary>Reads a head; <see langword="null"/> when the peer closes first or the head exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<HttpHead?> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            // The terminator may straddle two reads: search from a little before the new bytes.
            var searchFrom = Math.Max(0, filled - (EndOfHead.Length - 1));
            filled += read;
            var found = buffer.AsSpan(searchFrom, filled - searchFrom).IndexOf(EndOfHead);
            if (found >= 0)
            {
                var headLength = searchFrom + found;
                var bodyStart = headLength + EndOfHead.Length;
                return Parse(Encoding.Latin1.GetString(buffer, 0, headLength), buffer.AsMemory(bodyStart, filled - bodyStart));
            }
        }

        return null;
    }

    /// <summary>The first value of a header (case-insensitive), or <see langword="null"/>.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Writes a head with <paramref name="startLine"/> and these headers, ended by the blank line.</summary>
    public static byte[] Format(string startLine, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var text = new StringBuilder(startLine).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
    }

    private static HttpHead Parse(string head, ReadOnlyMemory<byte> rest)
    {
        var lines = head.Split("\r\n");
        var headers = new List<KeyValuePair<string, string>>(lines.Length);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        return new HttpHead(lines[0], headers, rest);
    }
}
