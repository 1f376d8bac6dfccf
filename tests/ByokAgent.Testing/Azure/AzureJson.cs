using System.Text.Json.Nodes;

namespace ByokAgent.Testing.Azure;

/// <summary>Azure OpenAI's own pieces of JSON: error envelopes, content-filter annotations, alphabetical keys.</summary>
/// <remarks>Shapes from shared/wire.md (Azure OpenAI) and <c>fixtures/providers/azure-openai/</c>.</remarks>
internal static class AzureJson
{
    private static readonly string[] FilterCategories = ["hate", "self_harm", "sexual", "violence"];

    /// <summary>401 for a missing or wrong <c>api-key</c> (the text Azure sends for both).</summary>
    public static JsonObject AccessDenied() => Error(
        "401",
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active "
        + "subscription and use a correct regional API endpoint for your resource.");

    /// <summary>404 for an unknown path or a missing / unsupported <c>api-version</c>: a configuration error, not a model one.</summary>
    public static JsonObject ResourceNotFound() => Error("404", "Resource not found");

    /// <summary>404 for a deployment the resource does not have.</summary>
    public static JsonObject DeploymentNotFound() => Error(
        "DeploymentNotFound",
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.");

    public static JsonObject Error(string code, string message) => new()
    {
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    /// <summary>The top-level <c>prompt_filter_results</c> Azure adds to a completion and to a stream's first chunk.</summary>
    public static JsonArray PromptFilterResults() => new(new JsonObject
    {
        ["prompt_index"] = 0,
        ["content_filter_results"] = SafeFilterResults(),
    });

    /// <summary>Adds Azure's per-choice <c>content_filter_results</c>; text gets the four categories, the rest an empty object.</summary>
    public static void AddContentFilterResults(JsonObject body)
    {
        foreach (var choice in (body["choices"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var part = choice["delta"] ?? choice["message"];
            choice["content_filter_results"] = part?["content"] is JsonValue ? SafeFilterResults() : new JsonObject();
        }
    }

    /// <summary>A copy with every object's keys in ordinal order, as Azure sends them (clients must not rely on order).</summary>
    public static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SortKeys(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(SortKeys)]),
        _ => node?.DeepClone(),
    };

    private static JsonObject SafeFilterResults()
    {
        var results = new JsonObject();
        foreach (var category in FilterCategories)
        {
            results[category] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" };
        }

        return results;
    }
}
