using System.Text.Json;
using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>The end of an OpenAI chat request: the role of its last message and the text of its last user message.</summary>
internal static class Conversation
{
    public static (string? LastRole, string? LastUser) Tail(byte[] body)
    {
        JsonNode? json;
        try
        {
            json = body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return (null, null);
        }

        if (json?["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return (null, null);
        }

        var lastRole = messages[^1]?["role"]?.GetValue<string>();
        var lastUser = messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
        return (lastRole, lastUser switch
        {
            JsonValue value => value.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => null,
        });
    }

    public static (string? LastRole, string? LastUser) Tail(RecordedRequest request) =>
        Tail(System.Text.Encoding.UTF8.GetBytes(request.Body));
}
