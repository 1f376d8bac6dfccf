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
