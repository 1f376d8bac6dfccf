using System.Text.Json;
using System.Text.Json.Nodes;

namespace ByokAgent.Testing;

/// <summary>One HTTP request as <see cref="FakeProvider"/> received it.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The decoded path, starting with <c>/</c>.</param>
/// <param name="QueryString">The raw query string including the leading <c>?</c>, or empty.</param>
/// <param name="Headers">Request headers, case-insensitive; repeated headers are joined with <c>", "</c>.</param>
/// <param name="Body">The body decoded as UTF-8, or empty.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    /// <summary>The body parsed as JSON, or <see langword="null"/> when it is empty or not JSON.</summary>
    /// <remarks>
    /// Parsed on every access and never cached: each caller gets its own mutable node, and the record keeps
    /// value equality over what was actually received.
    /// </remarks>
    public JsonNode? Json
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Body))
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>The value of a request header (case-insensitive name), or <see langword="null"/> when absent.</summary>
    public string? Header(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        // A caller-built dictionary may be case-sensitive; the server's own always hits the fast path above.
        foreach (var (key, candidate) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }
}
