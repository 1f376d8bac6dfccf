using ByokAgent.Server.Auth;
using ByokAgent.Server.Errors;
using ByokAgent.Usage;

namespace ByokAgent.Server.Usage;

/// <summary><c>GET /v1/usage</c>: what the key's project used (by day, model and session) and its budgets.</summary>
internal static class UsageEndpoints
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/usage", async (HttpContext context, UsageReporter reporter, BudgetGuard budgets, TimeProvider clock, string? from, string? to) =>
        {
            var (start, end, error) = UsageRange.Parse(from, to, clock.GetUtcNow());
            if (error is not null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidQuery, error);
            }

            var project = context.Project();
            var report = await reporter.GetAsync(project.Id, start, end, context.RequestAborted);
            var status = await budgets.GetStatusAsync(project.Id, project.Name, context.RequestAborted);
            return TypedResults.Ok(UsageReportResponse.Of(report, status));
        })
        .WithName("GetUsage")
        .WithSummary("The project's token usage and estimated cost in a range (default: this UTC month), by day, model and session, with its budgets.");
}
