using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock.Converse;

/// <summary>Turns ConverseStream events into <see cref="ChatResponseUpdate"/>s, assembling tool calls across deltas.</summary>
/// <remarks>
/// Text and reasoning deltas pass straight through. A tool call arrives as <c>contentBlockStart</c> (id, name), then
/// <c>contentBlockDelta</c>s whose <c>toolUse.input</c> are fragments of one JSON text, then <c>contentBlockStop</c>:
/// the call is emitted whole at the stop (or at <c>messageStop</c> should a stop be missing). Not thread-safe: one per stream.
/// </remarks>
internal sealed class ConverseStreamState(string modelId, string responseId)
{
    private readonly Dictionary<int, PendingToolCall> _toolCalls = [];

    /// <summary>Whether <c>messageStop</c> arrived, i.e. the model finished (<c>metadata</c> may still follow).</summary>
    public bool Stopped { get; private set; }

    /// <exception cref="JsonException">The payload is not the JSON object the event type promises.</exception>
    public IEnumerable<ChatResponseUpdate> Handle(string? eventType, JsonElement payload)
    {
        switch (eventType)
        {
            case "contentBlockStart":
                StartBlock(payload);
                break;
            case "contentBlockDelta":
                return Delta(payload);
            case "contentBlockStop":
                return Index(payload) is { } index && _toolCalls.Remove(index, out var call) ? [Update(call.ToContent())] : [];
            case "messageStop":
                Stopped = true;
                return StopMessage(payload);
            case "metadata":
                return payload.TryGetProperty("usage", out var usage) ? [Update(new UsageContent(ConverseResponseParser.Usage(usage)))] : [];
        }

        // messageStart carries only the role; unknown events are future additions and are ignored.
        return [];
    }

    private void StartBlock(JsonElement payload)
    {
        if (Index(payload) is { } index
            && payload.TryGetProperty("start", out var start)
            && start.TryGetProperty("toolUse", out var toolUse))
        {
            _toolCalls[index] = new PendingToolCall(
                toolUse.TryGetProperty("toolUseId", out var id) ? id.GetString() ?? string.Empty : string.Empty,
                toolUse.TryGetProperty("name", out var name) ? name.GetString() ?? string.Empty : string.Empty);
        }
    }

    private IEnumerable<ChatResponseUpdate> Delta(JsonElement payload)
    {
        if (!payload.TryGetProperty("delta", out var delta))
        {
            return [];
        }

        if (delta.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            return [Update(new TextContent(text.GetString()))];
        }

        if (delta.TryGetProperty("toolUse", out var toolUse)
            && toolUse.TryGetProperty("input", out var input)
            && Index(payload) is { } index
            && _toolCalls.TryGetValue(index, out var call))
        {
            call.Input.Append(input.GetString());
            return [];
        }

        if (delta.TryGetProperty("reasoningContent", out var reasoning))
        {
            var thought = reasoning.TryGetProperty("text", out var reasoningText) ? reasoningText.GetString() : null;
            var signature = reasoning.TryGetProperty("signature", out var signatureText) ? signatureText.GetString() : null;
            return thought is null && signature is null ? [] : [Update(new TextReasoningContent(thought) { ProtectedData = signature })];
        }

        return [];
    }

    private IEnumerable<ChatResponseUpdate> StopMessage(JsonElement payload)
    {
        var contents = _toolCalls.OrderBy(pair => pair.Key).Select(pair => (AIContent)pair.Value.ToContent()).ToList();
        _toolCalls.Clear();
        var update = new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = modelId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = ConverseResponseParser.StopReason(payload.TryGetProperty("stopReason", out var reason) ? reason.GetString() : null),
        };
        return [update];
    }

    private ChatResponseUpdate Update(AIContent content) => new(ChatRole.Assistant, [content])
    {
        ResponseId = responseId,
        MessageId = responseId,
        ModelId = modelId,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static int? Index(JsonElement payload) =>
        payload.TryGetProperty("contentBlockIndex", out var index) && index.TryGetInt32(out var value) ? value : null;

    private sealed class PendingToolCall(string id, string name)
    {
        public StringBuilder Input { get; } = new();

        // A malformed input lands in FunctionCallContent.Exception, where the function invoker reports it to the model.
        public FunctionCallContent ToContent() =>
            FunctionCallContent.CreateFromParsedArguments(Input.ToString(), id, name, ToolArguments.Parse);
    }
}
