using System.Text.Json.Nodes;

namespace ByokAgent.Testing.OpenAI;

/// <summary>JSON pieces shared by OpenAI responses and stream chunks.</summary>
internal static class OpenAIJson
{
    public static JsonObject Usage(FakeUsage usage)
    {
        var json = new JsonObject
        {
            ["prompt_tokens"] = usage.PromptTokens,
            ["completion_tokens"] = usage.CompletionTokens,
            ["total_tokens"] = usage.TotalTokens,
        };
        if (usage.CachedPromptTokens > 0)
        {
            json["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedPromptTokens };
        }

        return json;
    }

    public static JsonObject Error(string message, string type, string? code) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["param"] = null,
            ["code"] = code,
        },
    };

    public static string FinishReason(FakeReply reply) =>
        reply.FinishReason ?? (reply.Calls.Count > 0 ? "tool_calls" : "stop");
}
