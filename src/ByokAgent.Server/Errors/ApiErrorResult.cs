namespace ByokAgent.Server.Errors;

/// <summary>An error in the API's shape, stamped with the request's id when it is written (results are built before they know their request).</summary>
internal sealed class ApiErrorResult(int status, ApiError error) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ApiErrorBody>
{
    public int? StatusCode => status;

    public ApiErrorBody Value => new(error);

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return TypedResults.Json(new ApiErrorBody(error with { RequestId = httpContext.TraceIdentifier }), statusCode: status).ExecuteAsync(httpContext);
    }
}
