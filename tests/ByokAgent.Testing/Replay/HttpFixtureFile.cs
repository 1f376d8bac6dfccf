using System.Globalization;
using System.Text;

namespace ByokAgent.Testing.Replay;

/// <summary>A response fixture in the <c>MANIFEST.md</c> <c>.http</c> format, split into its parts.</summary>
/// <param name="Status">The status code of the first line.</param>
/// <param name="ContentType">The <c>content-type</c> header, or <c>application/octet-stream</c> when absent.</param>
/// <param name="Headers">The other headers, without framing headers, which the server sets itself.</param>
/// <param name="Body">The body bytes, verbatim (it may be binary, e.g. an AWS event stream).</param>
internal sealed record HttpFixtureFile(
    int Status,
    string ContentType,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    // The manifest leaves these out on purpose; should a fixture carry one, Kestrel must still frame the body.
    private static readonly HashSet<string> FramingHeaders =
        new(["content-length", "transfer-encoding", "connection", "content-type"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses the raw bytes of a fixture; <paramref name="source"/> names it in error messages.</summary>
    public static HttpFixtureFile Parse(ReadOnlySpan<byte> bytes, string source)
    {
        // Work on bytes, not text: the head is ASCII but a body may be binary and must survive untouched.
        var position = 0;
        var statusLine = ReadLine(bytes, ref position, source);
        var parts = statusLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException(
                $"{source}: the first line is not an HTTP status line (a request fixture cannot be replayed): '{statusLine}'.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var contentType = "application/octet-stream";
        while (true)
        {
            var line = ReadLine(bytes, ref position, source);
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"{source}: malformed header line '{line}'.");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (string.Equals(name, "content-type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }

            if (!FramingHeaders.Contains(name))
            {
                headers[name] = value;
            }
        }

        return new HttpFixtureFile(status, contentType, headers, bytes[position..].ToArray());
    }

    private static string ReadLine(ReadOnlySpan<byte> bytes, ref int position, string source)
    {
        var rest = bytes[position..];
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            throw new InvalidDataException($"{source}: the head ends before the blank line that starts the body.");
        }

        position += end + 1;
        // The manifest says LF; tolerate CRLF so a fixture re-saved on Windows still replays.
        return Encoding.ASCII.GetString(rest[..end].TrimEnd((byte)'\r'));
    }
}
