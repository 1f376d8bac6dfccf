using System.Text.Json.Nodes;

namespace ByokAgent.Testing.OpenAI;

/// <summary>Bodies of <c>GET /models</c> and <c>GET /models/{id}</c>.</summary>
internal static class OpenAIModels
{
    // A fixed timestamp keeps model bodies identical between runs.
    private const long Created = 1_700_000_000;

    public static JsonObject List(IEnumerable<string> ids) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. ids.Select(Model)]),
    };

    public static JsonObject Model(string id) => new()
    {
        ["id"] = id,
        ["object"] = "model",
        ["created"] = Created,
        ["owned_by"] = "system",
    };

    public static JsonObject NotFound(string id) => OpenAIJson.Error(
        $"The model `{id}` does not exist or you do not have access to it.",
        "invalid_request_error",
        "model_not_found");
}
