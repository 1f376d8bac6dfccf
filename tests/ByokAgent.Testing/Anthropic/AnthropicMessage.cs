using System.Text.Json;
using System.Text.Json.Nodes;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Anthropic;

/// <summary>The non-streamed <c>message</c> body of a generated reply.</summary>
internal static class AnthropicMessage
{
    public static JsonObject Build(FakeReply reply, AnthropicMessagesRequest request, string id) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = request.Model,
        ["content"] = new JsonArray([.. Content(reply)]),
        ["stop_reason"] = AnthropicJson.StopReason(reply),
        ["stop_sequence"] = null,
        ["usage"] = AnthropicJson.Usage(reply.Usage.PromptTokens, reply.Usage.CompletionTokens, reply.Usage.CachedPromptTokens),
    };

    /// <summary>A <c>tool_use</c> block as <c>content_block_start</c> opens it: streamed input arrives later, so it is empty.</summary>
    public static JsonObject ToolUse(FakeToolCall call, string id, JsonNode input) => new()
    {
        ["type"] = "tool_use",
        ["id"] = id,
        ["name"] = call.Name,
        ["input"] = input,
    };

    /// <summary>The call's arguments as the JSON object Anthropic sends (not a string, unlike OpenAI).</summary>
    /// <remarks>Arguments a test scripted as malformed on purpose travel as a JSON string, so the client still sees them.</remarks>
    public static JsonNode Input(FakeToolCall call)
    {
        if (string.IsNullOrWhiteSpace(call.ArgumentsJson))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(call.ArgumentsJson) ?? new JsonObject();
        }
        catch (JsonException)
        {
            return JsonValue.Create(call.ArgumentsJson);
        }
    }

    private static IEnumerable<JsonNode> Content(FakeReply reply) =>
        reply.Kind == FakeReplyKind.ToolCalls
            ? reply.Calls.Select(call => ToolUse(call, AnthropicJson.ToolUseId(call), Input(call)))
            : [new JsonObject { ["type"] = "text", ["text"] = reply.Content }];
}
