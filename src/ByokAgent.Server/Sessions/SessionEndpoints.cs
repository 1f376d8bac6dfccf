using ByokAgent.Server.Agent;
using ByokAgent.Server.Auth;
using ByokAgent.Server.Errors;
using ByokAgent.Server.Hosting;
using ByokAgent.Sessions;
using Microsoft.Extensions.Options;

namespace ByokAgent.Server.Sessions;

/// <summary><c>/v1/sessions</c>: create, list (paged), read with messages (paged), delete.</summary>
internal static class SessionEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/sessions", async (HttpContext context, ISessionStore store) =>
        {
            var created = await store.CreateAsync(context.Project().Id, context.RequestAborted);
            return TypedResults.Created($"/v1/sessions/{created.Id}", SessionResponse.From(created));
        }).WithName("CreateSession");

        v1.MapGet("/sessions", async (HttpContext context, ISessionStore store, IOptions<ServerOptions> options, int? limit, int? offset) =>
        {
            var page = Page.Of(limit, offset, options.Value.MaxPageSize);
            // One more than asked tells whether another page exists without a count query.
            var found = await store.ListAsync(context.Project().Id, page.Offset, page.Limit + 1, context.RequestAborted);
            return TypedResults.Ok(new ListResponse<SessionResponse>("list", [.. found.Take(page.Limit).Select(SessionResponse.From)], found.Count > page.Limit));
        }).WithName("ListSessions");

        v1.MapGet("/sessions/{sessionId}", async (string sessionId, HttpContext context, ISessionStore store, IOptions<ServerOptions> options, int? limit, int? offset) =>
        {
            var projectId = context.Project().Id;
            var session = await store.GetAsync(projectId, sessionId, context.RequestAborted);
            if (session is null)
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.SessionNotFound, "No such session in this project.");
            }

            var page = Page.Of(limit, offset, options.Value.MaxPageSize);
            var messages = await store.LoadMessagesAsync(projectId, sessionId, cancellationToken: context.RequestAborted);
            var shown = messages.Skip(page.Offset).Take(page.Limit).Select(MessageResponse.From).ToList();
            return TypedResults.Ok(SessionResponse.From(session) with { Messages = shown, HasMore = messages.Count > page.Offset + shown.Count });
        }).WithName("GetSession");

        v1.MapDelete("/sessions/{sessionId}", async (string sessionId, HttpContext context, ISessionStore store, OpenSessions open) =>
        {
            var projectId = context.Project().Id;
            if (!await store.DeleteAsync(projectId, sessionId, context.RequestAborted))
            {
                return ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.SessionNotFound, "No such session in this project.");
            }

            await open.CloseAsync(projectId, sessionId);
            return TypedResults.Ok(new DeletedResponse(sessionId, "session", Deleted: true));
        }).WithName("DeleteSession");
    }
}
