using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Bedrock;

/// <summary>Serves Bedrock Converse and ConverseStream (<c>POST /model/{id}/converse</c>, <c>/converse-stream</c>).</summary>
/// <remarks>
/// Checks the credentials first, as AWS does before anything else: a bad signature is answered with 403 and leaves the
/// script untouched. Only a model id sent as one path segment matches (<c>:</c> may be raw or <c>%3A</c>, an ARN's
/// <c>/</c> must be <c>%2F</c>): an unescaped ARN falls through to "no route", as it would miss Bedrock's routes.
/// </remarks>
internal sealed class BedrockWireHandler(ReplyScript script, BedrockAuthentication authentication) : IWireHandler
{
    private const string ModelPrefix = "/model/";

    private readonly BedrockReplyRenderer _renderer = new();

    public bool CanHandle(RecordedRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return false;
        }

        // The recorded path is decoded except for %2F, so an escaped ARN is still a single segment here.
        var path = request.Path;
        var start = path.IndexOf(ModelPrefix, StringComparison.Ordinal);
        var end = path.LastIndexOf('/');
        return start >= 0
            && end > start + ModelPrefix.Length
            && path[end..] is "/converse" or "/converse-stream"
            && !path[(start + ModelPrefix.Length)..end].Contains('/', StringComparison.Ordinal);
    }

    // Every route of this wire is a Converse call.
    public IReplyRenderer? RendererFor(RecordedRequest request) => _renderer;

    public async Task HandleAsync(WireRequest request)
    {
        if (authentication.Check(request) is { } refusal)
        {
            await BedrockReplyRenderer.WriteErrorAsync(request, StatusCodes.Status403Forbidden, refusal.ErrorType, refusal.Message)
                .ConfigureAwait(false);
            return;
        }

        await ScriptedExchange.ServeAsync(request, script, _renderer).ConfigureAwait(false);
    }

    internal static bool IsStream(RecordedRequest request) => request.Path.EndsWith("/converse-stream", StringComparison.Ordinal);
}
