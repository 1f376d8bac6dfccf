using System.Threading.RateLimiting;
using ByokAgent.Server.Hosting;
using Microsoft.Extensions.Options;

namespace ByokAgent.Server.Auth;

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
