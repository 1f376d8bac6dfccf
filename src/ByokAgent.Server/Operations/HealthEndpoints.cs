using ByokAgent.Projects;

namespace ByokAgent.Server.Operations;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (the database answers too).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok"))).ExcludeFromDescription();

        app.MapGet("/readyz", async (IProjectStore projects, CancellationToken cancellationToken) =>
        {
            try
            {
                // A cheap indexed read: proves the store is reachable and migrated.
                _ = await projects.GetAsync("prj_readiness_probe", cancellationToken);
                return Results.Ok(new HealthResponse("ready"));
            }
#pragma warning disable CA1031 // Any store fault means "not ready"; the reason is the type only (a connection string may hold a password).
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return Results.Json(new HealthResponse($"database unavailable ({exception.GetType().Name})"), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).ExcludeFromDescription();
    }

    private sealed record HealthResponse(string Status);
}
