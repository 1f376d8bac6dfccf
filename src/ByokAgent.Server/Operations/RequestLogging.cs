using System.Diagnostics;
using ByokAgent.Server.Errors;

namespace ByokAgent.Server.Operations;

/// <summary>
/// One structured line per request: method, path, status, duration, project and request id. Never the query string,
/// headers or bodies (they carry keys and messages). New requests during shutdown get 503 <c>shutting_down</c>.
/// </summary>
/// <remarks>
/// The request id (<see cref="RequestIds"/>) goes back in the <c>x-request-id</c> header and, through a logging scope, into
/// every line logged while the request runs, so a client's report, the logs, the trace and the error body meet on one id.
/// </remarks>
internal sealed partial class RequestLogging(RequestDelegate next, IHostApplicationLifetime lifetime, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = RequestIds.Assign(context);

        // At send time, not now: the exception handler clears the headers of a failed response before writing its error.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[RequestIds.Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        using var scope = logger.BeginScope(new RequestScope(requestId));

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
            Log.Request(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, project, requestId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Method} {Path} -> {Status} in {DurationMs} ms (project {ProjectId}, request {RequestId})")]
        public static partial void Request(ILogger logger, string method, string path, int status, long durationMs, string projectId, string requestId);
    }
}
