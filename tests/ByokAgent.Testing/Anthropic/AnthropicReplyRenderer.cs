using System.Text;
using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Anthropic;

/// <summary>Renders generated replies as Anthropic messages, streamed as named SSE events when the request asks for it.</summary>
internal sealed class AnthropicReplyRenderer : IReplyRenderer
{
    public async Task RenderAsync(WireRequest request, FakeReply reply)
    {
        var messages = AnthropicMessagesRequest.From(request.Request);
        var id = AnthropicJson.NewMessageId();
        var headers = RequestIdHeader();
        if (!messages.Stream)
        {
            var body = AnthropicMessage.Build(reply, messages, id);
            await ResponseWriter.WriteAsync(request, StatusCodes.Status200OK, "application/json", WireJson.ToUtf8(body), headers, reply)
                .ConfigureAwait(false);
            return;
        }

        var sse = await SseWriter.StartAsync(request, reply, headers: headers).ConfigureAwait(false);
        foreach (var (name, data) in AnthropicMessageStream.Events(reply, messages, id))
        {
            if (!await sse.WriteEventAsync(Encoding.UTF8.GetBytes($"event: {name}\ndata: {data}\n\n")).ConfigureAwait(false))
            {
                return;
            }
        }

        sse.Complete();
    }

    public Task RenderUnscriptedAsync(WireRequest request, string message)
    {
        var requestId = AnthropicJson.NewRequestId();
        var body = AnthropicJson.Error("api_error", message, requestId);
        return ResponseWriter.WriteAsync(
            request,
            StatusCodes.Status500InternalServerError,
            "application/json",
            WireJson.ToUtf8(body),
            RequestIdHeader(requestId),
            reply: null);
    }

    /// <summary>The <c>request-id</c> header every Anthropic answer carries (the SDK reads it into its exceptions).</summary>
    public static Dictionary<string, string> RequestIdHeader(string? requestId = null) =>
        new(StringComparer.OrdinalIgnoreCase) { ["request-id"] = requestId ?? AnthropicJson.NewRequestId() };
}
