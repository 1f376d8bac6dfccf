using System.Text.Json.Nodes;
using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Responses;

namespace ByokAgent.Testing.Scripting;

/// <summary>
/// The renderer for routes that generate nothing (models, account info, unknown paths): an intercepted text or tool-call
/// reply there is a test bug, answered with a 500 that says so.
/// </summary>
internal sealed class NoGeneratedReplies : IReplyRenderer
{
    public static NoGeneratedReplies Instance { get; } = new();

    public Task RenderAsync(WireRequest request, FakeReply reply) =>
        RenderUnscriptedAsync(
            request,
            $"FakeProvider: a {reply.Kind} reply cannot answer {request.Request.Method} {request.Request.Path}, which is not a "
            + "chat route; intercept it with FakeReply.Error or FakeReply.FromFile.");

    public Task RenderUnscriptedAsync(WireRequest request, string message)
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "fake_provider_error" },
        };
        return ResponseWriter.WriteJsonAsync(request, StatusCodes.Status500InternalServerError, body);
    }
}
