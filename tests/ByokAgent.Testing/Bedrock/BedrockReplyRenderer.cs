using System.Text.Json.Nodes;
using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Bedrock;

/// <summary>Renders generated replies as a Converse JSON response, or as ConverseStream binary frames.</summary>
internal sealed class BedrockReplyRenderer : IReplyRenderer
{
    public async Task RenderAsync(WireRequest request, FakeReply reply)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-amzn-RequestId"] = Guid.NewGuid().ToString() };
        if (!BedrockWireHandler.IsStream(request.Request))
        {
            var body = WireJson.ToUtf8(BedrockConverseBodies.Response(reply));
            await ResponseWriter.WriteAsync(request, StatusCodes.Status200OK, "application/json", body, headers, reply).ConfigureAwait(false);
            return;
        }

        // The SSE writer is a "one flushed chunk per event, drop after N" writer: here each chunk is one binary frame.
        var frames = await SseWriter.StartAsync(request, reply, StatusCodes.Status200OK, BedrockReplies.EventStreamContentType, headers)
            .ConfigureAwait(false);
        foreach (var (eventType, payload) in BedrockConverseBodies.StreamEvents(reply))
        {
            if (!await frames.WriteEventAsync(BedrockReplies.EventFrame(eventType, WireJson.Serialize(payload))).ConfigureAwait(false))
            {
                return;
            }
        }

        frames.Complete();
    }

    public Task RenderUnscriptedAsync(WireRequest request, string message) =>
        WriteErrorAsync(request, StatusCodes.Status500InternalServerError, "InternalServerException", message);

    public static Task WriteErrorAsync(WireRequest request, int status, string errorType, string message) =>
        ResponseWriter.WriteAsync(
            request,
            status,
            "application/json",
            WireJson.ToUtf8(new JsonObject { ["message"] = message }),
            BedrockReplies.ErrorHeaders(errorType),
            reply: null);
}
