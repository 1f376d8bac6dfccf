using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.OpenAI;

/// <summary>OpenAI chat completions and models, under whatever prefix an OpenAI-compatible host uses.</summary>
/// <remarks>
/// Matches by suffix: <c>/v1/</c> (OpenAI), <c>/api/coding/paas/v4/</c> (Z.ai), <c>/compatible-mode/v1/</c>
/// (DashScope), none (DeepSeek), <c>/api/v1/</c> (OpenRouter), <c>/v1beta/openai/</c> (Gemini) all land here.
/// </remarks>
internal sealed class OpenAIWireHandler(ReplyScript script, IList<string> models) : IWireHandler
{
    private const string ChatSuffix = "/chat/completions";
    private const string ModelsSegment = "/models";

    private readonly OpenAIReplyRenderer _renderer = new();

    public bool CanHandle(RecordedRequest request) => IsChat(request) || TryGetModelsRoute(request, out _);

    public IReplyRenderer? RendererFor(RecordedRequest request) => IsChat(request) ? _renderer : null;

    public Task HandleAsync(WireRequest request)
    {
        if (IsChat(request.Request))
        {
            return ScriptedExchange.ServeAsync(request, script, _renderer);
        }

        TryGetModelsRoute(request.Request, out var id);
        return ServeModelsAsync(request, id);
    }

    private Task ServeModelsAsync(WireRequest request, string? id)
    {
        // Snapshot: a test may still be editing the list while a client lists models.
        string[] known = [.. models];
        if (id is null)
        {
            return ResponseWriter.WriteJsonAsync(request, StatusCodes.Status200OK, OpenAIModels.List(known));
        }

        return known.Contains(id, StringComparer.Ordinal)
            ? ResponseWriter.WriteJsonAsync(request, StatusCodes.Status200OK, OpenAIModels.Model(id))
            : ResponseWriter.WriteJsonAsync(request, StatusCodes.Status404NotFound, OpenAIModels.NotFound(id));
    }

    private static bool IsChat(RecordedRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.TrimEnd('/').EndsWith(ChatSuffix, StringComparison.Ordinal);

    /// <summary>Whether this is a models request; <paramref name="id"/> is null for the list.</summary>
    private static bool TryGetModelsRoute(RecordedRequest request, out string? id)
    {
        id = null;
        if (!HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        var path = request.Path;
        // The first "/models/" wins: ids may themselves contain slashes ("openai/gpt-4o", Gemini's "models/...").
        var start = path.IndexOf(ModelsSegment + "/", StringComparison.Ordinal);
        if (start >= 0)
        {
            var rest = Uri.UnescapeDataString(path[(start + ModelsSegment.Length + 1)..].TrimEnd('/'));
            id = rest.Length == 0 ? null : rest;
            return true;
        }

        return path.EndsWith(ModelsSegment, StringComparison.Ordinal);
    }
}
