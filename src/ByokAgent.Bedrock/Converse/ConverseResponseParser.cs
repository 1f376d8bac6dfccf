using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock.Converse;

/// <summary>Reads a Converse response body, and the pieces a ConverseStream shares with it (usage, stop reason).</summary>
/// <remarks>Unknown fields and block types are ignored, as Bedrock adds them over time (<c>serverToolUsage</c>, <c>p</c>, ...).</remarks>
internal static class ConverseResponseParser
{
    /// <exception cref="JsonException">The body is not a Converse response.</exception>
    public static ChatResponse Parse(ReadOnlyMemory<byte> body, string modelId, string? requestId)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A Converse response is a JSON object.");
        }

        var contents = new List<AIContent>();
        if (root.TryGetProperty("output", out var output)
            && output.TryGetProperty("message", out var message)
            && message.TryGetProperty("content", out var blocks)
            && blocks.ValueKind == JsonValueKind.Array)
        {
            contents.AddRange(blocks.EnumerateArray().Select(ToContent).OfType<AIContent>());
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = requestId })
        {
            ResponseId = requestId,
            ModelId = modelId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = root.TryGetProperty("stopReason", out var stop) ? StopReason(stop.GetString()) : null,
            Usage = root.TryGetProperty("usage", out var usage) ? Usage(usage) : null,
            RawRepresentation = root.Clone(),
        };
    }

    /// <summary>Bedrock's stop reason as an M.E.AI finish reason; unknown reasons are kept as they are.</summary>
    public static ChatFinishReason? StopReason(string? stopReason) => stopReason switch
    {
        null or "" => null,
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "content_filtered" or "guardrail_intervened" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(stopReason),
    };

    /// <summary>The <c>usage</c> object of a response or of a stream's <c>metadata</c> event.</summary>
    public static UsageDetails Usage(JsonElement usage)
    {
        var details = new UsageDetails
        {
            InputTokenCount = Count(usage, "inputTokens"),
            OutputTokenCount = Count(usage, "outputTokens"),
            TotalTokenCount = Count(usage, "totalTokens"),
            CachedInputTokenCount = Count(usage, "cacheReadInputTokens"),
        };

        if (Count(usage, "cacheWriteInputTokens") is { } cacheWrites)
        {
            details.AdditionalCounts = new() { ["CacheWriteInputTokens"] = cacheWrites };
        }

        return details;
    }

    private static AIContent? ToContent(JsonElement block)
    {
        if (block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            return new TextContent(text.GetString()) { RawRepresentation = block.Clone() };
        }

        if (block.TryGetProperty("toolUse", out var toolUse))
        {
            var id = toolUse.TryGetProperty("toolUseId", out var idElement) ? idElement.GetString() : null;
            var name = toolUse.TryGetProperty("name", out var nameElement) ? nameElement.GetString() : null;
            var input = toolUse.TryGetProperty("input", out var inputElement) ? inputElement.Clone() : default;
            // A malformed input lands in FunctionCallContent.Exception, where the function invoker reports it to the model.
            return FunctionCallContent.CreateFromParsedArguments(
                input,
                id ?? string.Empty,
                name ?? string.Empty,
                static element => element.ValueKind == JsonValueKind.Undefined ? [] : ToolArguments.FromElement(element));
        }

        if (block.TryGetProperty("reasoningContent", out var reasoning)
            && reasoning.TryGetProperty("reasoningText", out var reasoningText))
        {
            return new TextReasoningContent(reasoningText.TryGetProperty("text", out var thought) ? thought.GetString() : null)
            {
                ProtectedData = reasoningText.TryGetProperty("signature", out var signature) ? signature.GetString() : null,
            };
        }

        return null;
    }

    private static long? Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var count) ? count : null;
}
