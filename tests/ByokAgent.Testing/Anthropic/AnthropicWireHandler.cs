using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Anthropic;

/// <summary>Serves Anthropic Messages (<c>POST /v1/messages</c>, JSON and SSE) and models (<c>GET /v1/models[/{id}]</c>).</summary>
/// <remarks>
/// <para>Claims only Anthropic-shaped requests, so the OpenAI wire behind it keeps its <c>/v1/models</c>: messages by
/// path (any prefix, for gateways such as MiniMax's <c>/anthropic/v1/messages</c>), models only when the request carries
/// <c>anthropic-version</c> or <c>x-api-key</c>.</para>
/// <para>Accepts the key as <c>x-api-key</c> or <c>Authorization: Bearer</c> alike and checks neither: the headers are in
/// <see cref="FakeProvider.Requests"/>, where a test asserts which one a client sent.</para>
/// </remarks>
internal sealed class AnthropicWireHandler(ReplyScript script, IList<string> models) : IWireHandler
{
    private const string MessagesSuffix = "/v1/messages";
    private const string ModelsSegment = "/v1/models";

    private readonly AnthropicReplyRenderer _renderer = new();

    public bool CanHandle(RecordedRequest request) => IsMessages(request) || TryGetModelsRoute(request, out _);

    public IReplyRenderer? RendererFor(RecordedRequest request) => IsMessages(request) ? _renderer : null;

    public Task HandleAsync(WireRequest request)
    {
        if (IsMessages(request.Request))
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
        var requestId = AnthropicJson.NewRequestId();
        var (status, body) = id is null
            ? (StatusCodes.Status200OK, AnthropicModels.List(known))
            : known.Contains(id, StringComparer.Ordinal)
                ? (StatusCodes.Status200OK, AnthropicModels.Model(id))
                : (StatusCodes.Status404NotFound, AnthropicModels.NotFound(id, requestId));
        return ResponseWriter.WriteAsync(
            request,
            status,
            "application/json",
            WireJson.ToUtf8(body),
            AnthropicReplyRenderer.RequestIdHeader(requestId),
            reply: null);
    }

    private static bool IsMessages(RecordedRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.TrimEnd('/').EndsWith(MessagesSuffix, StringComparison.Ordinal);

    /// <summary>Whether this is an Anthropic models request; <paramref name="id"/> is null for the list.</summary>
    private static bool TryGetModelsRoute(RecordedRequest request, out string? id)
    {
        id = null;
        if (!HttpMethods.IsGet(request.Method) || (request.Header("anthropic-version") is null && request.Header("x-api-key") is null))
        {
            return false;
        }

        var path = request.Path.TrimEnd('/');
        if (path.EndsWith(ModelsSegment, StringComparison.Ordinal))
        {
            return true;
        }

        var start = path.IndexOf(ModelsSegment + "/", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        id = Uri.UnescapeDataString(path[(start + ModelsSegment.Length + 1)..]);
        return true;
    }
}
