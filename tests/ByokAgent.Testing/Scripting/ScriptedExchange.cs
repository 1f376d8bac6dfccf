using ByokAgent.Testing.Faults;
using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Replay;

namespace ByokAgent.Testing.Scripting;

/// <summary>Answers a scripted request the same way for every wire: pick the reply, wait, then send it.</summary>
internal static class ScriptedExchange
{
    public static async Task ServeAsync(WireRequest request, ReplyScript script, IReplyRenderer renderer)
    {
        FakeReply? reply;
        try
        {
            reply = script.Next(request.Request);
        }
#pragma warning disable CA1031 // A throwing Responder is a test bug; report it to the client instead of a bare 500.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await renderer.RenderUnscriptedAsync(
                request,
                $"FakeProvider: the Responder threw {exception.GetType().Name}: {exception.Message}").ConfigureAwait(false);
            return;
        }

        if (reply is null)
        {
            var message = $"FakeProvider: no scripted reply for {request.Request.Method} {request.Request.Path}; "
                + "Enqueue a FakeReply or set Responder.";
            await renderer.RenderUnscriptedAsync(request, message).ConfigureAwait(false);
            return;
        }

        await SendAsync(request, reply, renderer).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers with the script's intercept when it claims the request; <see langword="false"/> when it does not (or none
    /// is set), so the wires answer.
    /// </summary>
    /// <param name="request">Any request, whatever its route.</param>
    /// <param name="script">The script holding the intercept.</param>
    /// <param name="renderer">
    /// Renders generated replies for this route (the chat wire that claims it), or says why none can be generated.
    /// </param>
    public static async Task<bool> TryInterceptAsync(WireRequest request, ReplyScript script, IReplyRenderer renderer)
    {
        if (script.Intercept is not { } intercept)
        {
            return false;
        }

        FakeReply? reply;
        try
        {
            reply = intercept(request.Request);
        }
#pragma warning disable CA1031 // A throwing Intercept is a test bug; report it to the client instead of a bare 500.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await renderer.RenderUnscriptedAsync(
                request,
                $"FakeProvider: the Intercept threw {exception.GetType().Name}: {exception.Message}").ConfigureAwait(false);
            return true;
        }

        if (reply is null)
        {
            return false;
        }

        await SendAsync(request, reply, renderer).ConfigureAwait(false);
        return true;
    }

    private static async Task SendAsync(WireRequest request, FakeReply reply, IReplyRenderer renderer)
    {
        await ReplyLatency.WaitAsync(reply.Latency, request.Aborted).ConfigureAwait(false);
        if (reply.Kind == FakeReplyKind.Raw)
        {
            await RawReplyWriter.WriteAsync(request, reply).ConfigureAwait(false);
        }
        else
        {
            await renderer.RenderAsync(request, reply).ConfigureAwait(false);
        }
    }
}
