using System.Text.Json.Nodes;
using ByokAgent.Testing.Faults;
using ByokAgent.Testing.Hosting;

namespace ByokAgent.Testing.Responses;

/// <summary>Sends a complete (non-streamed) response body, honouring the reply's drop fault.</summary>
internal static class ResponseWriter
{
    public static Task WriteJsonAsync(WireRequest request, int status, JsonNode body, FakeReply? reply = null) =>
        WriteAsync(request, status, "application/json", WireJson.ToUtf8(body), headers: null, reply);

    public static async Task WriteAsync(
        WireRequest request,
        int status,
        string contentType,
        ReadOnlyMemory<byte> body,
        IReadOnlyDictionary<string, string>? headers,
        FakeReply? reply)
    {
        var response = request.Http.Response;
        ResponseHeaders.Apply(response, status, contentType, headers, reply?.ExtraHeaders);
        if (reply?.DropAfterChunks is null)
        {
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, request.Aborted).ConfigureAwait(false);
            return;
        }

        // No content-length when dropping: with chunked framing a cut body is detectable, never a short success.
        // Headers go out first, on their own, so a drop after zero chunks still shows the status.
        await response.StartAsync(request.Aborted).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(request.Aborted).ConfigureAwait(false);
        var drop = new ConnectionDrop(request.Http, reply.DropAfterChunks);
        if (drop.BeforeChunk())
        {
            await response.BodyWriter.WriteAsync(body, request.Aborted).ConfigureAwait(false);
        }

        drop.AfterBody();
    }
}
