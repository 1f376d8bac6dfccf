using System.Threading.RateLimiting;
using ByokAgent.Projects;
using ByokAgent.Server.Errors;

namespace ByokAgent.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer sk-byok_...</c> as a project and applies that project's request limit.
/// Missing or wrong keys get 401 <c>invalid_api_key</c>; a project over its limit gets 429 <c>rate_limited</c> with
/// <c>retry-after</c>.
/// </summary>
/// <remarks>
/// A middleware rather than an endpoint filter: filters run after minimal APIs bind the body, so an unauthenticated
/// request would be parsed (and a malformed one answered 400) before its key was looked at.
/// </remarks>
internal sealed class ProjectKeyMiddleware(RequestDelegate next, IProjectStore projects, ProjectRateLimiter limiter)
{
    private const string Scheme = "Bearer ";

    public async Task InvokeAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : string.Empty;
        var project = key.Length == 0 ? null : await projects.AuthenticateAsync(key, http.RequestAborted);
        if (project is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiResults.Error(StatusCodes.Status401Unauthorized, ApiErrorCodes.InvalidApiKey,
                key.Length == 0 ? "Missing API key: send Authorization: Bearer sk-byok_..." : "Invalid API key.").ExecuteAsync(http);
            return;
        }

        using var lease = limiter.Acquire(project.Id);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ApiResults.Error(StatusCodes.Status429TooManyRequests, ApiErrorCodes.RateLimited, "Too many requests for this project; retry after the time in retry-after.").ExecuteAsync(http);
            return;
        }

        ProjectIdentity.Set(http, project);
        await next(http);
    }
}
