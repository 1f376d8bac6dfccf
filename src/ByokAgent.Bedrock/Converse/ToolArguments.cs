using System.Text.Json;
using System.Text.Json.Nodes;

namespace ByokAgent.Bedrock.Converse;

/// <summary>Tool-call arguments between M.E.AI's dictionary and Bedrock's <c>toolUse.input</c> JSON object.</summary>
internal static class ToolArguments
{
    /// <summary>The arguments as the JSON object Bedrock expects (an empty object when there are none).</summary>
    public static JsonObject ToJson(IDictionary<string, object?>? arguments)
    {
        var input = new JsonObject();
        if (arguments is null)
        {
            return input;
        }

        foreach (var (name, value) in arguments)
        {
            input[name] = value switch
            {
                null => null,
                JsonNode node => node.DeepClone(),
                JsonElement element => JsonNode.Parse(element.GetRawText()),
                _ => JsonSerializer.SerializeToNode(value, Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
            };
        }

        return input;
    }

    /// <summary>A JSON object's members as <see cref="JsonElement"/> values, the way M.E.AI clients hand arguments on.</summary>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static Dictionary<string, object?> Parse(string json)
    {
        // A tool without parameters may stream no input at all.
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement);
    }

    /// <exception cref="JsonException">The element is not a JSON object.</exception>
    public static Dictionary<string, object?> FromElement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Tool input must be a JSON object, not {element.ValueKind}.");
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            // Cloned: the values must outlive the document they were parsed from.
            arguments[property.Name] = property.Value.Clone();
        }

        return arguments;
    }
}
