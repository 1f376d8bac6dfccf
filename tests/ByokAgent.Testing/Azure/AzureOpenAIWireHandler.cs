using System.Text.Json.Nodes;
using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;
using Microsoft.AspNetCore.WebUtilities;

namespace ByokAgent.Testing.Azure;

/// <summary>
/// Serves Azure OpenAI: the deployments API (<c>/openai/deployments/{deployment}/chat/completions?api-version=...</c>,
/// <c>/openai/models?api-version=...</c>) and the v1 API (<c>/openai/v1/chat/completions</c>, <c>/openai/v1/models</c>).
/// </summary>
/// <remarks>
/// <para>Checked in Azure's order, each failure in Azure's error shape (shared/wire.md, Azure OpenAI):</para>
/// <list type="number">
/// <item>an <c>api-key</c> header must be present (a bearer token alone is not an API key): else 401;</item>
/// <item>the deployments API needs an <c>api-version</c> query (the v1 API needs none), and unknown paths do not exist:
/// else 404 "Resource not found";</item>
/// <item>the deployment (the path segment, or <c>model</c> on the v1 API) must be one of <see cref="FakeProvider.Models"/>:
/// else 404 <c>DeploymentNotFound</c>.</item>
/// </list>
/// <para>Then the next scripted reply is sent, generated replies in Azure's shape (<see cref="AzureReplyRenderer"/>).</para>
/// </remarks>
internal sealed class AzureOpenAIWireHandler(ReplyScript script, IList<string> models) : IWireHandler
{
    private const string DeploymentsSegment = "/openai/deployments/";
    private const string V1Segment = "/openai/v1/";
    private const string ChatSuffix = "/chat/completions";
    // At the resource root only: Gemini's compatibility path "/v1beta/openai/models" ends the same way.
    private const string ModelsPath = "/openai/models";
    private const string V1ModelsPath = "/openai/v1/models";

    private readonly AzureReplyRenderer _renderer = new();

    public bool CanHandle(RecordedRequest request) =>
        request.Path.Contains(DeploymentsSegment, StringComparison.Ordinal)
        || request.Path.Contains(V1Segment, StringComparison.Ordinal)
        || string.Equals(request.Path.TrimEnd('/'), ModelsPath, StringComparison.Ordinal);

    public IReplyRenderer? RendererFor(RecordedRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.TrimEnd('/').EndsWith(ChatSuffix, StringComparison.Ordinal) ? _renderer : null;

    public Task HandleAsync(WireRequest request)
    {
        var recorded = request.Request;
        if (string.IsNullOrWhiteSpace(recorded.Header("api-key")))
        {
            return ResponseWriter.WriteJsonAsync(request, StatusCodes.Status401Unauthorized, AzureJson.AccessDenied());
        }

        var path = recorded.Path.TrimEnd('/');
        var v1 = path.Contains(V1Segment, StringComparison.Ordinal);
        if (!v1 && string.IsNullOrEmpty(ApiVersion(recorded)))
        {
            return NotFound(request);
        }

        if (HttpMethods.IsGet(recorded.Method) && (path == ModelsPath || path.EndsWith(V1ModelsPath, StringComparison.Ordinal)))
        {
            return ResponseWriter.WriteJsonAsync(request, StatusCodes.Status200OK, ModelsList());
        }

        if (!HttpMethods.IsPost(recorded.Method) || !path.EndsWith(ChatSuffix, StringComparison.Ordinal))
        {
            return NotFound(request);
        }

        var deployment = v1 ? (recorded.Json as JsonObject)?["model"]?.ToString() : DeploymentOf(path);
        if (deployment is null || (!v1 && deployment.Contains('/', StringComparison.Ordinal)))
        {
            return NotFound(request);
        }

        // Snapshot: a test may still be editing the list while a client calls.
        string[] known = [.. models];
        return known.Contains(deployment, StringComparer.Ordinal)
            ? ScriptedExchange.ServeAsync(request, script, _renderer)
            : ResponseWriter.WriteJsonAsync(request, StatusCodes.Status404NotFound, AzureJson.DeploymentNotFound());
    }

    private static Task NotFound(WireRequest request) =>
        ResponseWriter.WriteJsonAsync(request, StatusCodes.Status404NotFound, AzureJson.ResourceNotFound());

    private static string? ApiVersion(RecordedRequest request) =>
        QueryHelpers.ParseQuery(request.QueryString).TryGetValue("api-version", out var values) ? values.ToString() : null;

    /// <summary>The deployment segment of <c>.../openai/deployments/{deployment}/chat/completions</c>, if there is one.</summary>
    private static string? DeploymentOf(string path)
    {
        var rest = path[(path.IndexOf(DeploymentsSegment, StringComparison.Ordinal) + DeploymentsSegment.Length)..];
        return rest.Length > ChatSuffix.Length ? rest[..^ChatSuffix.Length] : null;
    }

    // Lists the deployable models of the resource: Azure's listing proves the key and endpoint, not a deployment.
    private JsonObject ModelsList()
    {
        string[] known = [.. models];
        return new JsonObject
        {
            ["data"] = new JsonArray([.. known.Select(id => (JsonNode)new JsonObject
            {
                ["capabilities"] = new JsonObject { ["chat_completion"] = true, ["completion"] = false, ["embeddings"] = false, ["fine_tune"] = false, ["inference"] = true },
                ["created_at"] = 1_700_000_000,
                ["id"] = id,
                ["lifecycle_status"] = "generally-available",
                ["object"] = "model",
                ["status"] = "succeeded",
            })]),
            ["object"] = "list",
        };
    }
}
