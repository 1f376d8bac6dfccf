using System.Threading.RateLimiting;
using ByokAgent.Projects;
using ByokAgent.Server.Errors;
using ByokAgent.Server.Hosting;
using Microsoft.Extensions.Options;

namespace ByokAgent.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer sk-byok_...</c> as a project and applies that project's request limit.
/// Missing or wrong keys get 401 <c>invalid_api_key</c>; a project over its limit gets 429 <c>rate_limited</c> with
/// <c>retry-after</c>.
/// </summary>
internal sealed class ProjectKeyFilter(IProjectStore projects, ProjectRateLimiter limiter) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : string.Empty;
        var project = key.Length == 0 ? null : await projects.AuthenticateAsync(key, http.RequestAborted).ConfigureAwait(false);
        if (project is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ApiErrorCodes.InvalidApiKey,
                key.Length == 0 ? "Missing API key: send Authorization: Bearer sk-byok_..." : "Invalid API key.");
        }

        using var lease = limiter.Acquire(project.Id);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiResults.Error(StatusCodes.Status429TooManyRequests, ApiErrorCodes.RateLimited, "Too many requests for this project; retry after the time in retry-after.");
        }

        ProjectIdentity.Set(http, project);
        return await next(context).ConfigureAwait(false);
    }
}

/// <summary>One fixed-window limiter per project (<see cref="ServerOptions.RequestsPerMinute"/>), from System.Threading.RateLimiting.</summary>
internal sealed class ProjectRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ProjectRateLimiter(IOptions<ServerOptions> options)
    {
        var perMinute = options.Value.RequestsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(projectId => perMinute <= 0
            ? RateLimitPartition.GetNoLimiter(projectId)
            : RateLimitPartition.GetFixedWindowLimiter(projectId, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    }

    public RateLimitLease Acquire(string projectId) => _limiter.AttemptAcquire(projectId);

    public void Dispose() => _limiter.Dispose();
}
