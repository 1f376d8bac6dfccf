using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.OpenAI;

/// <summary>Renders generated replies as OpenAI chat completions, streamed or not as the request asks.</summary>
internal sealed class OpenAIReplyRenderer : IReplyRenderer
{
    public async Task RenderAsync(WireRequest request, FakeReply reply)
    {
        var chat = OpenAIChatRequest.From(request.Request);
        var id = FakeIds.New("chatcmpl-", 29);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!chat.Stream)
        {
            var body = OpenAIChatCompletion.Build(reply, chat, id, created);
            await ResponseWriter.WriteJsonAsync(request, StatusCodes.Status200OK, body, reply).ConfigureAwait(false);
            return;
        }

        var sse = await SseWriter.StartAsync(request, reply).ConfigureAwait(false);
        foreach (var data in OpenAIChatStream.Events(reply, chat, id, created))
        {
            if (!await sse.WriteDataAsync(data).ConfigureAwait(false))
            {
                return;
            }
        }

        sse.Complete();
    }

    public Task RenderUnscriptedAsync(WireRequest request, string message) =>
        ResponseWriter.WriteJsonAsync(
            request,
            StatusCodes.Status500InternalServerError,
            OpenAIJson.Error(message, "server_error", code: null));
}
