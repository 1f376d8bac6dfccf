using System.Text.Json.Nodes;
using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.OpenAI;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Azure;

/// <summary>Renders generated replies the way Azure OpenAI sends chat completions: OpenAI's bodies, dressed.</summary>
/// <remarks>
/// Beside OpenAI's shape: keys in alphabetical order, <c>prompt_filter_results</c> on the completion, per-choice
/// <c>content_filter_results</c>, and a stream that opens with a chunk holding only the prompt filter results
/// (<c>choices: []</c>, <c>id: ""</c>, <c>created: 0</c>, <c>model: ""</c>), as <c>fixtures/providers/azure-openai/stream_tool_call.http</c>.
/// </remarks>
internal sealed class AzureReplyRenderer : IReplyRenderer
{
    public async Task RenderAsync(WireRequest request, FakeReply reply)
    {
        var chat = OpenAIChatRequest.From(request.Request);
        var id = FakeIds.New("chatcmpl-", 29);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!chat.Stream)
        {
            var body = OpenAIChatCompletion.Build(reply, chat, id, created);
            body["prompt_filter_results"] = AzureJson.PromptFilterResults();
            body["system_fingerprint"] = null;
            AzureJson.AddContentFilterResults(body);
            await ResponseWriter.WriteJsonAsync(request, StatusCodes.Status200OK, AzureJson.SortKeys(body)!, reply).ConfigureAwait(false);
            return;
        }

        var sse = await SseWriter.StartAsync(request, reply).ConfigureAwait(false);
        foreach (var data in Events(reply, chat, id, created))
        {
            if (!await sse.WriteDataAsync(data).ConfigureAwait(false))
            {
                return;
            }
        }

        sse.Complete();
    }

    public Task RenderUnscriptedAsync(WireRequest request, string message) =>
        ResponseWriter.WriteJsonAsync(request, StatusCodes.Status500InternalServerError, AzureJson.Error("InternalServerError", message));

    private static IEnumerable<string> Events(FakeReply reply, OpenAIChatRequest chat, string id, long created)
    {
        var opening = new JsonObject
        {
            ["choices"] = new JsonArray(),
            ["created"] = 0,
            ["id"] = "",
            ["model"] = "",
            ["object"] = "",
            ["prompt_filter_results"] = AzureJson.PromptFilterResults(),
        };
        yield return WireJson.Serialize(opening);

        foreach (var chunk in OpenAIChatStream.Chunks(reply, chat, id, created))
        {
            chunk["system_fingerprint"] = null;
            AzureJson.AddContentFilterResults(chunk);
            yield return WireJson.Serialize(AzureJson.SortKeys(chunk)!);
        }

        yield return "[DONE]";
    }
}
