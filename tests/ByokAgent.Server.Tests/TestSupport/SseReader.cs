using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>Reads a <c>text/event-stream</c> body as a client would: <c>event:</c> and <c>data:</c> lines, a blank line ends an event.</summary>
internal static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseEvent(name ?? "message", JsonNode.Parse(string.Join('\n', data))!);
                }

                name = null;
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line["data:".Length..].TrimStart());
            }
        }
    }

    /// <summary>Every event of the stream, to its end.</summary>
    public static async Task<List<SseEvent>> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var events = new List<SseEvent>();
        await foreach (var item in ReadAsync(response, cancellationToken))
        {
            events.Add(item);
        }

        return events;
    }
}
