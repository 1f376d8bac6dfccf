using ByokAgent.Agents;
using ByokAgent.Files;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Sessions;
using Microsoft.AspNetCore.Diagnostics;

namespace ByokAgent.Server.Errors;

/// <summary>
/// Turns every exception that leaves an endpoint into the API's error shape with the right status. Nothing unexpected
/// is echoed: a bug is a 500 <c>internal_error</c> with no details (the log has the type).
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            // A stream already under way reports its failures as an error event; nothing more can be said here.
            return true;
        }

        var result = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.MessageTooLarge, "The request body is too large."),
            BadHttpRequestException or System.Text.Json.JsonException =>
                ApiResults.Error(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidBody, "The request body is not valid JSON of the expected shape."),
            SessionNotFoundException => ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.SessionNotFound, "No such session in this project."),
            SessionBusyException => ApiResults.Error(StatusCodes.Status409Conflict, ApiErrorCodes.SessionBusy, "A turn is already running in this session; wait for it to finish."),
            SessionConflictException => ApiResults.Error(StatusCodes.Status409Conflict, ApiErrorCodes.SessionConflict, "Another turn was stored in this session meanwhile; send the message again."),
            ProviderException provider => ApiResults.Provider(provider),
            ByokAgent.Usage.BudgetExceededException budget => ApiResults.Error(StatusCodes.Status429TooManyRequests, ApiErrorCodes.BudgetExceeded, budget.Message, budget.Budget.Name),
            ModelConfigException { Field: ModelConfigException.NotConfiguredField } notConfigured =>
                ApiResults.Error(StatusCodes.Status422UnprocessableEntity, ApiErrorCodes.ModelNotConfigured, $"{notConfigured.Message} Use PUT /v1/project/llm."),
            ModelConfigException config => ApiResults.Error(StatusCodes.Status422UnprocessableEntity, ApiErrorCodes.InvalidConfig, config.Message),
            FileNotFoundInProjectException => ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.FileNotFound, exception.Message),
            FilePathException => ApiResults.Error(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidPath, exception.Message),
            FileQuotaExceededException => ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.FileTooLarge, exception.Message),
            FileStoreException => ApiResults.Error(StatusCodes.Status409Conflict, ApiErrorCodes.FileConflict, exception.Message),
            ProjectNotFoundException => ApiResults.Error(StatusCodes.Status401Unauthorized, ApiErrorCodes.InvalidApiKey, "The project of this key no longer exists."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (result is null)
        {
            if (!httpContext.RequestAborted.IsCancellationRequested)
            {
                Log.Unexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().FullName ?? exception.GetType().Name);
                await ApiResults.Error(StatusCodes.Status500InternalServerError, ApiErrorCodes.InternalError, "The server failed unexpectedly.").ExecuteAsync(httpContext).ConfigureAwait(false);
            }

            return true;
        }

        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    private static partial class Log
    {
        // The type only: an exception message may quote a body or a key.
        [LoggerMessage(1, LogLevel.Error, "Unexpected failure on {Method} {Path}: {ExceptionType}")]
        public static partial void Unexpected(ILogger logger, string method, string path, string exceptionType);
    }
}
