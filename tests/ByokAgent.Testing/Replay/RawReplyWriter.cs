using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;

namespace ByokAgent.Testing.Replay;

/// <summary>Sends an error or replayed fixture reply byte for byte, whatever wire was called.</summary>
internal static class RawReplyWriter
{
    public static async Task WriteAsync(WireRequest request, FakeReply reply)
    {
        if (!reply.ContentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            await ResponseWriter.WriteAsync(request, reply.Status, reply.ContentType, reply.Body, reply.Headers, reply)
                .ConfigureAwait(false);
            return;
        }

        var sse = await SseWriter.StartAsync(request, reply, reply.Status, reply.ContentType, reply.Headers)
            .ConfigureAwait(false);
        foreach (var evt in SplitEvents(reply.Body))
        {
            if (!await sse.WriteEventAsync(evt).ConfigureAwait(false))
            {
                return;
            }
        }

        sse.Complete();
    }

    /// <summary>Splits an SSE body after each blank line, keeping every byte (comments and padding included).</summary>
    internal static IEnumerable<ReadOnlyMemory<byte>> SplitEvents(ReadOnlyMemory<byte> body)
    {
        var rest = body;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf("\n\n"u8);
            if (end < 0)
            {
                yield return rest;
                yield break;
            }

            yield return rest[..(end + 2)];
            rest = rest[(end + 2)..];
        }
    }
}
