using System.Text.Json.Nodes;
using ByokAgent.Testing.Recording;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Hosting;

/// <summary>
/// The whole server pipeline: record every request, let the script's intercept answer it, else hand it to the first
/// wire that claims it.
/// </summary>
/// <remarks>
/// One terminal delegate instead of routes: provider paths differ only by prefix (<c>/v1/</c>,
/// <c>/compatible-mode/v1/</c>, none for DeepSeek...), which route templates cannot express as a suffix match.
/// </remarks>
internal sealed class RequestDispatcher(RequestLog log, ReplyScript script, IReadOnlyList<IWireHandler> wires, CancellationToken stopping)
{
    public async Task HandleAsync(HttpContext context)
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            var recorded = await RequestRecorder.ReadAsync(context.Request, aborted.Token).ConfigureAwait(false);
            log.Add(recorded);
            var request = new WireRequest(context, recorded, aborted.Token);
            var wire = wires.FirstOrDefault(candidate => candidate.CanHandle(recorded));
            var renderer = wire?.RendererFor(recorded) ?? NoGeneratedReplies.Instance;
            if (await ScriptedExchange.TryInterceptAsync(request, script, renderer).ConfigureAwait(false))
            {
                return;
            }

            if (wire is null)
            {
                await WriteNoRouteAsync(request).ConfigureAwait(false);
                return;
            }

            await wire.HandleAsync(request).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left or the provider is stopping: nobody is listening for an answer; make sure none half-arrives.
            context.Abort();
        }
    }

    private static Task WriteNoRouteAsync(WireRequest request)
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = $"FakeProvider: no route for {request.Request.Method} {request.Request.Path}.",
                ["type"] = "not_found",
            },
        };
        return ResponseWriter.WriteJsonAsync(request, StatusCodes.Status404NotFound, body);
    }
}
