using System.Text;

namespace ByokAgent.Tests.Testing;

/// <summary>Reads the <c>data:</c> payloads of an SSE response the way a client would, line by line.</summary>
internal static class SseReader
{
    public static async Task<List<string>> ReadDataAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var events = new List<string>();
        await ReadIntoAsync(response, events, cancellationToken);
        return events;
    }

    /// <summary>Fills <paramref name="events"/> as they arrive, so a caller still sees them when the read throws.</summary>
    public static async Task ReadIntoAsync(HttpResponseMessage response, List<string> events, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    events.Add(data.ToString());
                    data.Clear();
                }

                continue;
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
        }
    }
}
