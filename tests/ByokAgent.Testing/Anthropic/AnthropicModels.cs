using System.Text.Json.Nodes;

namespace ByokAgent.Testing.Anthropic;

/// <summary>Bodies of <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c> in Anthropic's shape.</summary>
internal static class AnthropicModels
{
    // A fixed date keeps model bodies identical between runs.
    private const string CreatedAt = "2025-09-29T00:00:00Z";

    public static JsonObject List(IReadOnlyList<string> ids) => new()
    {
        ["data"] = new JsonArray([.. ids.Select(Model)]),
        ["has_more"] = false,
        ["first_id"] = ids.Count == 0 ? null : ids[0],
        ["last_id"] = ids.Count == 0 ? null : ids[^1],
    };

    public static JsonObject Model(string id) => new()
    {
        ["type"] = "model",
        ["id"] = id,
        ["display_name"] = id,
        ["created_at"] = CreatedAt,
    };

    /// <summary>The 404 of an unknown model, worded as the API words it (<c>invalid_model.http</c>).</summary>
    public static JsonObject NotFound(string id, string requestId) => AnthropicJson.Error("not_found_error", $"model: {id}", requestId);
}
