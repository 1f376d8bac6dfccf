using ByokAgent.Observability;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ByokAgent.Server.Operations;

/// <summary>The server's telemetry: ByokAgent's traces and metrics plus ASP.NET Core's request spans and metrics.</summary>
internal static class ServerTelemetry
{
    /// <summary>Switched by <c>ByokAgent:Telemetry:Enabled</c>; the request span is the parent of the turn's <c>invoke_agent</c> span.</summary>
    public static IServiceCollection AddServerTelemetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddByokAgentTelemetry(
            configuration,
            // Probes would drown the traces; exceptions are not recorded (their messages may quote a body or a key).
            traces => traces.AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http => !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments("/readyz")),
            meters => meters.AddAspNetCoreInstrumentation());
}
