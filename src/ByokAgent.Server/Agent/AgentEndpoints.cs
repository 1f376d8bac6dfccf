using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using ByokAgent.Server.Auth;
using ByokAgent.Server.Errors;
using ByokAgent.Server.Hosting;
using ByokAgent.Usage;
using Microsoft.Extensions.Options;

namespace ByokAgent.Server.Agent;

/// <summary><c>POST /v1/agent</c> and <c>POST /v1/sessions/{id}/messages</c>: one agent turn, answered whole or streamed.</summary>
internal static class AgentEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/agent", (AgentRequest? body, HttpContext context, OpenSessions sessions, BudgetGuard budgets, IOptions<ServerOptions> options) =>
            RunTurnAsync(body, body?.SessionId, context, sessions, budgets, options.Value))
            .WithName("RunAgentTurn")
            .WithSummary("Runs one agent turn; without session_id a new session is started.");

        v1.MapPost("/sessions/{sessionId}/messages", (string sessionId, AgentRequest? body, HttpContext context, OpenSessions sessions, BudgetGuard budgets, IOptions<ServerOptions> options) =>
            RunTurnAsync(body, sessionId, context, sessions, budgets, options.Value))
            .WithName("SendSessionMessage")
            .WithSummary("Runs one agent turn in a session.");
    }

    private static async Task<IResult> RunTurnAsync(AgentRequest? body, string? sessionId, HttpContext context, OpenSessions sessions, BudgetGuard budgets, ServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(body?.Message))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ApiErrorCodes.MissingMessage, "The body needs a non-empty \"message\".");
        }

        if (body.Message.Length > options.MaxMessageChars)
        {
            return ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.MessageTooLarge, $"The message has {body.Message.Length} characters; the limit is {options.MaxMessageChars}.");
        }

        var project = context.Project();
        var cancellationToken = context.RequestAborted;

        // A project over its budget gets 429 before a session opens or a stream starts (the turn checks again and reserves).
        await budgets.ThrowIfExhaustedAsync(project.Id, project.Name, cancellationToken);
        var lease = await sessions.AcquireAsync(project.Id, string.IsNullOrWhiteSpace(sessionId) ? null : sessionId.Trim(), cancellationToken);
        if (body.Stream == true)
        {
            // The lease goes with the stream: the session stays held until the last event is written or the client leaves.
            return TypedResults.ServerSentEvents(StreamAsync(lease, body.Message, project.Id, cancellationToken));
        }

        using (lease)
        {
            var result = await lease.Session.RunAsync(body.Message, cancellationToken);
            return TypedResults.Ok(AgentResponse.From(result, project.Id));
        }
    }

    // A client that disconnects cancels the token: the turn stops and the session keeps its previous state.
    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(OpenSessions.SessionLease lease, string message, string projectId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (lease)
        {
            await foreach (var agentEvent in lease.Session.RunStreamingAsync(message, cancellationToken))
            {
                yield return new SseItem<object>(SseEvents.Data(agentEvent, projectId), agentEvent.Type);
            }
        }
    }
}
