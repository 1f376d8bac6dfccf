using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ByokAgent.Sessions;

/// <summary>
/// Turns Semantic Kernel chat messages into stored <see cref="SessionMessage"/>s and back, text, tool calls and tool
/// results included.
/// </summary>
/// <remarks>
/// The payload is our own versioned format (<c>{"v":1,...}</c>) rather than SK's serialized types: stored sessions must
/// outlive package upgrades, and SK messages carry metadata (raw SDK objects) that is neither stable nor wanted on disk.
/// </remarks>
internal static class ChatMessageSerializer
{
    private const int FormatVersion = 1;

    public static SessionMessage ToStored(ChatMessageContent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var items = new List<StoredItem>();
        foreach (var item in message.Items)
        {
            switch (item)
            {
                case TextContent { Text: { Length: > 0 } text }:
                    items.Add(new StoredItem("text") { Text = text });
                    break;
                case FunctionCallContent call:
                    items.Add(new StoredItem("call")
                    {
                        Id = call.Id,
                        Plugin = call.PluginName,
                        Function = call.FunctionName,
                        Arguments = call.Arguments is null ? null : JsonSerializer.SerializeToNode(call.Arguments.ToDictionary(a => a.Key, a => a.Value)),
                    });
                    break;
                case FunctionResultContent result:
                    items.Add(new StoredItem("result")
                    {
                        Id = result.CallId,
                        Plugin = result.PluginName,
                        Function = result.FunctionName,
                        Text = ResultText(result.Result),
                    });
                    break;
            }
        }

        var payload = JsonSerializer.Serialize(new StoredPayload(FormatVersion, message.Role.Label, items), StoredJson.Default.StoredPayload);
        return new SessionMessage(message.Role.Label, PlainText(message), payload);
    }

    public static ChatMessageContent FromStored(SessionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = JsonSerializer.Deserialize(message.Payload, StoredJson.Default.StoredPayload)
            ?? throw new InvalidDataException("A stored message has an empty payload.");
        if (payload.V != FormatVersion)
        {
            throw new InvalidDataException($"A stored message has payload format {payload.V}; this build reads format {FormatVersion}.");
        }

        var items = new ChatMessageContentItemCollection();
        foreach (var item in payload.Items)
        {
            KernelContent? content = item.Type switch
            {
                "text" => new TextContent(item.Text),
                "call" => new FunctionCallContent(item.Function ?? string.Empty, item.Plugin, item.Id, Arguments(item.Arguments)),
                "result" => new FunctionResultContent(item.Function, item.Plugin, item.Id, item.Text),
                _ => null,
            };
            if (content is not null)
            {
                items.Add(content);
            }
        }

        return new ChatMessageContent(new AuthorRole(payload.Role), items);
    }

    // The plain text is what lists, titles and the API show. A NUL (U+0000) in it shows as ␀ (U+2400): SQLite cuts bound
    // text at a NUL and PostgreSQL refuses one in text, while the payload, which the conversation is rebuilt from, keeps
    // the exact characters (JSON escapes them).
    private static string? PlainText(ChatMessageContent message)
    {
        var texts = message.Items.OfType<TextContent>().Select(t => t.Text).Where(t => !string.IsNullOrEmpty(t)).ToList();
        if (texts.Count > 0)
        {
            return string.Concat(texts).Replace('\0', '\u2400');
        }

        var result = message.Items.OfType<FunctionResultContent>().FirstOrDefault();
        return result is null ? null : ResultText(result.Result)?.Replace('\0', '\u2400');
    }

    private static string? ResultText(object? result) => result switch
    {
        null => null,
        string text => text,
        FunctionResult function => ResultText(function.GetValue<object>()),
        _ => JsonSerializer.Serialize(result),
    };

    private static KernelArguments? Arguments(JsonNode? node)
    {
        if (node is not JsonObject json)
        {
            return null;
        }

        var arguments = new KernelArguments();
        foreach (var (name, value) in json)
        {
            arguments[name] = value?.GetValueKind() switch
            {
                null or JsonValueKind.Null => null,
                JsonValueKind.String => value.GetValue<string>(),
                // Numbers, booleans and objects stay JSON, so the call is sent back to the model exactly as it was made.
                _ => JsonSerializer.SerializeToElement(value, StoredJson.Default.JsonNode),
            };
        }

        return arguments;
    }

    internal sealed record StoredPayload(int V, string Role, List<StoredItem> Items);

    internal sealed record StoredItem(string Type)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Text { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Id { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Plugin { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Function { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public JsonNode? Arguments { get; init; }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChatMessageSerializer.StoredPayload))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class StoredJson : JsonSerializerContext;
