using System.Text.Json.Nodes;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.OpenAI;

/// <summary>The non-streamed <c>chat.completion</c> body of a generated reply.</summary>
internal static class OpenAIChatCompletion
{
    public static JsonObject Build(FakeReply reply, OpenAIChatRequest request, string id, long created)
    {
        var message = new JsonObject { ["role"] = "assistant" };
        if (reply.Kind == FakeReplyKind.ToolCalls)
        {
            // OpenAI sends content null beside tool_calls; clients must not treat the null as an empty answer.
            message["content"] = null;
            message["tool_calls"] = new JsonArray([.. reply.Calls.Select(ToolCall)]);
        }
        else
        {
            message["content"] = reply.Content;
        }

        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = OpenAIJson.FinishReason(reply),
            }),
            ["usage"] = OpenAIJson.Usage(reply.Usage),
        };
    }

    private static JsonObject ToolCall(FakeToolCall call) => new()
    {
        ["id"] = call.Id ?? FakeIds.New("call_", 24),
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = call.Name,
            // A JSON string holding JSON text, exactly as the wire does it.
            ["arguments"] = call.ArgumentsJson,
        },
    };
}
