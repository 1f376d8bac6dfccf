using System.Diagnostics;
using ByokAgent.Server.Errors;

namespace ByokAgent.Server.Operations;

/// <summary>
/// One structured line per request: method, path, status, duration and project. Never the query string, headers or
/// bodies (they carry keys and messages). New requests during shutdown get 503 <c>shutting_down</c>.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, IHostApplicationLifetime lifetime, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.Headers.Connection = "close";
            await ApiResults.Error(StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.ShuttingDown, "The server is shutting down; retry on another instance or shortly.").ExecuteAsync(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var project = Auth.ProjectIdentity.ProjectIdOrNull(context) ?? "-";
            Log.Request(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, project);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Method} {Path} -> {Status} in {DurationMs} ms (project {ProjectId})")]
        public static partial void Request(ILogger logger, string method, string path, int status, long durationMs, string projectId);
    }
}
