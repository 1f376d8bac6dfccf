using System.Text.Json;
using System.Text.Json.Nodes;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>Lenient readers for the parts of chat-completions JSON that wire quirks touch.</summary>
/// <remarks>Providers send odd shapes (nulls, numbers as strings, missing arrays): every reader here returns nothing rather than throw.</remarks>
internal static class ChatCompletionJson
{
    /// <summary>The tool calls of each choice's <paramref name="messageKey"/> object (<c>message</c> or <c>delta</c>).</summary>
    public static IEnumerable<JsonObject> ToolCalls(JsonObject body, string messageKey) =>
        Choices(body).SelectMany(choice => Calls(choice.Choice[messageKey] as JsonObject));

    /// <summary>Each streamed tool-call delta with the index of its choice.</summary>
    public static IEnumerable<(int Choice, JsonObject Call)> DeltaToolCalls(JsonObject chunk) =>
        Choices(chunk).SelectMany(choice => Calls(choice.Choice["delta"] as JsonObject).Select(call => (choice.Index, call)));

    /// <summary>The messages of a request body.</summary>
    public static IEnumerable<JsonObject> Messages(JsonObject request) =>
        request["messages"] is JsonArray messages ? messages.OfType<JsonObject>() : [];

    /// <summary>The tool calls of one message (request) or delta (stream).</summary>
    public static IEnumerable<JsonObject> Calls(JsonObject? message) =>
        message?["tool_calls"] is JsonArray calls ? calls.OfType<JsonObject>() : [];

    /// <summary>A string property, or <see langword="null"/> when absent or not a string.</summary>
    public static string? String(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>An integer property, or <see langword="null"/> when absent or not an integer.</summary>
    public static int? Int(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            ? number
            : null;

    private static IEnumerable<(int Index, JsonObject Choice)> Choices(JsonObject body) =>
        body["choices"] is JsonArray choices
            ? choices.OfType<JsonObject>().Select((choice, position) => (Int(choice, "index") ?? position, choice))
            : [];
}
