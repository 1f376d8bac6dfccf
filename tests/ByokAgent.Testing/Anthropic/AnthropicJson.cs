using System.Text.Json.Nodes;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Anthropic;

/// <summary>JSON pieces shared by Anthropic messages, stream events and errors.</summary>
internal static class AnthropicJson
{
    /// <summary>The <c>usage</c> of a whole message (non-streamed body, and <c>message_start</c> with its own output count).</summary>
    /// <remarks>Anthropic counts cache reads apart: <c>input_tokens</c> is the prompt minus <paramref name="cachedTokens"/>.</remarks>
    public static JsonObject Usage(int inputTokens, int outputTokens, int cachedTokens = 0) => new()
    {
        ["input_tokens"] = inputTokens - cachedTokens,
        ["cache_creation_input_tokens"] = 0,
        ["cache_read_input_tokens"] = cachedTokens,
        ["output_tokens"] = outputTokens,
        ["service_tier"] = "standard",
    };

    /// <summary>The error envelope: <c>{"type":"error","error":{"type","message"},"request_id"}</c>.</summary>
    public static JsonObject Error(string type, string message, string requestId) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        ["request_id"] = requestId,
    };

    /// <summary>The <c>stop_reason</c>: the reply's override translated from the shared OpenAI-style names, else the natural one.</summary>
    public static string StopReason(FakeReply reply) =>
        reply.FinishReason switch
        {
            null => reply.Kind == FakeReplyKind.ToolCalls ? "tool_use" : "end_turn",
            "stop" => "end_turn",
            "tool_calls" => "tool_use",
            "length" => "max_tokens",
            var verbatim => verbatim,
        };

    /// <summary>The call's id, or one shaped like Anthropic's (<c>toolu_01...</c>).</summary>
    public static string ToolUseId(FakeToolCall call) => call.Id ?? FakeIds.New("toolu_01", 22);

    public static string NewMessageId() => FakeIds.New("msg_01", 22);

    public static string NewRequestId() => FakeIds.New("req_011C", 20);
}
