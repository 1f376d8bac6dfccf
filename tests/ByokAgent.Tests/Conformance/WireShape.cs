using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Conformance;

/// <summary>How to read one wire family's chat requests: where the system prompt, tools and tool results sit.</summary>
/// <remarks>Three shapes cover the twelve providers: OpenAI chat completions (Azure's bodies too), Anthropic Messages, Bedrock Converse.</remarks>
public abstract class WireShape
{
    public static WireShape OpenAIChat { get; } = new OpenAIChatShape();

    public static WireShape AnthropicMessages { get; } = new AnthropicMessagesShape();

    public static WireShape BedrockConverse { get; } = new BedrockConverseShape();

    /// <summary>Whether the system prompt is the first message (OpenAI) rather than a top-level field (Anthropic, Bedrock).</summary>
    public abstract bool SystemPromptIsAMessage { get; }

    /// <summary>A tool-call id as this provider mints them (<c>call_</c>, <c>toolu_</c>, <c>tooluse_</c>).</summary>
    public abstract string ToolCallId(string suffix);

    public abstract bool IsStreamed(RecordedRequest request);

    /// <summary>The model the request names (in the body, or in the path for Bedrock).</summary>
    public abstract string? ModelOf(RecordedRequest request);

    /// <summary>The system prompt text, read from the provider's place for it only; <see langword="null"/> when it is not there.</summary>
    public abstract string? SystemPromptOf(JsonNode body);

    /// <summary>The roles of <c>messages</c>, in order (every wire has them).</summary>
    public static IReadOnlyList<string> RolesOf(JsonNode body) =>
        [.. Messages(body).Select(m => m["role"]!.GetValue<string>())];

    /// <summary>The names of the tools the request offers.</summary>
    public abstract IReadOnlyList<string> ToolNamesOf(JsonNode body);

    /// <summary>The tool-call ids of the assistant turns the request replays.</summary>
    public abstract IReadOnlyList<string> ToolCallIdsOf(JsonNode body);

    /// <summary>The tool results the request sends back: the call each answers and its text.</summary>
    public abstract IReadOnlyList<(string CallId, string Content)> ToolResultsOf(JsonNode body);

    protected static IEnumerable<JsonNode> Messages(JsonNode body) => body["messages"]!.AsArray().OfType<JsonNode>();

    /// <summary>The content blocks of every message (Anthropic and Bedrock put calls and results in blocks).</summary>
    protected static IEnumerable<JsonNode> Blocks(JsonNode body) =>
        Messages(body).SelectMany(m => m["content"] as JsonArray ?? []).OfType<JsonNode>();

    /// <summary>The text of a content value however the wire wraps it: a string, text blocks, or a JSON block.</summary>
    protected static string TextOf(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray array => string.Concat(array.Select(TextOf)),
        JsonObject block when block["text"] is JsonValue text => text.ToString(),
        JsonObject block when block["json"] is { } json => json.ToJsonString(),
        _ => node.ToJsonString(),
    };

    private sealed class OpenAIChatShape : WireShape
    {
        public override bool SystemPromptIsAMessage => true;

        public override string ToolCallId(string suffix) => $"call_{suffix}";

        public override bool IsStreamed(RecordedRequest request) => request.Json?["stream"]?.GetValue<bool>() == true;

        public override string? ModelOf(RecordedRequest request) => request.Json?["model"]?.GetValue<string>();

        public override string? SystemPromptOf(JsonNode body) =>
            Messages(body).FirstOrDefault() is { } first && first["role"]!.GetValue<string>() == "system" ? TextOf(first["content"]) : null;

        public override IReadOnlyList<string> ToolNamesOf(JsonNode body) =>
            [.. (body["tools"] as JsonArray ?? []).Select(t => t!["function"]!["name"]!.GetValue<string>())];

        public override IReadOnlyList<string> ToolCallIdsOf(JsonNode body) =>
            [.. Messages(body).SelectMany(m => m["tool_calls"] as JsonArray ?? []).Select(c => c!["id"]!.GetValue<string>())];

        public override IReadOnlyList<(string CallId, string Content)> ToolResultsOf(JsonNode body) =>
            [.. Messages(body).Where(m => m["role"]!.GetValue<string>() == "tool")
                .Select(m => (m["tool_call_id"]!.GetValue<string>(), TextOf(m["content"])))];
    }

    private sealed class AnthropicMessagesShape : WireShape
    {
        public override bool SystemPromptIsAMessage => false;

        public override string ToolCallId(string suffix) => $"toolu_01{suffix}";

        public override bool IsStreamed(RecordedRequest request) => request.Json?["stream"]?.GetValue<bool>() == true;

        public override string? ModelOf(RecordedRequest request) => request.Json?["model"]?.GetValue<string>();

        public override string? SystemPromptOf(JsonNode body) => body["system"] is { } system ? TextOf(system) : null;

        public override IReadOnlyList<string> ToolNamesOf(JsonNode body) =>
            [.. (body["tools"] as JsonArray ?? []).Select(t => t!["name"]!.GetValue<string>())];

        public override IReadOnlyList<string> ToolCallIdsOf(JsonNode body) =>
            [.. Blocks(body).Where(b => b["type"]?.GetValue<string>() == "tool_use").Select(b => b["id"]!.GetValue<string>())];

        public override IReadOnlyList<(string CallId, string Content)> ToolResultsOf(JsonNode body) =>
            [.. Blocks(body).Where(b => b["type"]?.GetValue<string>() == "tool_result")
                .Select(b => (b["tool_use_id"]!.GetValue<string>(), TextOf(b["content"])))];
    }

    private sealed class BedrockConverseShape : WireShape
    {
        private const string ModelSegment = "/model/";

        public override bool SystemPromptIsAMessage => false;

        public override string ToolCallId(string suffix) => $"tooluse_{suffix}";

        public override bool IsStreamed(RecordedRequest request) => request.Path.EndsWith("/converse-stream", StringComparison.Ordinal);

        public override string? ModelOf(RecordedRequest request)
        {
            var start = request.Path.IndexOf(ModelSegment, StringComparison.Ordinal);
            var end = request.Path.LastIndexOf('/');
            return start < 0 || end <= start + ModelSegment.Length ? null : request.Path[(start + ModelSegment.Length)..end];
        }

        public override string? SystemPromptOf(JsonNode body) => body["system"] is { } system ? TextOf(system) : null;

        public override IReadOnlyList<string> ToolNamesOf(JsonNode body) =>
            [.. (body["toolConfig"]?["tools"] as JsonArray ?? []).Select(t => t!["toolSpec"]!["name"]!.GetValue<string>())];

        public override IReadOnlyList<string> ToolCallIdsOf(JsonNode body) =>
            [.. Blocks(body).Select(b => b["toolUse"]).OfType<JsonNode>().Select(u => u["toolUseId"]!.GetValue<string>())];

        public override IReadOnlyList<(string CallId, string Content)> ToolResultsOf(JsonNode body) =>
            [.. Blocks(body).Select(b => b["toolResult"]).OfType<JsonNode>()
                .Select(r => (r["toolUseId"]!.GetValue<string>(), TextOf(r["content"])))];
    }
}
