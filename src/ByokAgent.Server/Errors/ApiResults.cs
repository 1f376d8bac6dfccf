using ByokAgent.Providers;

namespace ByokAgent.Server.Errors;

/// <summary>Builds error results in the API's one shape.</summary>
public static class ApiResults
{
    public static IResult Error(int status, string code, string message, string? failure = null, string? detail = null) =>
        new ApiErrorResult(status, new ApiError(code, message, failure, detail));

    /// <summary>A provider failure during a turn: 502 <c>provider_error</c> with the failure class (429 upstream stays 502: it is the provider's limit, not ours).</summary>
    public static IResult Provider(ProviderException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Error(StatusCodes.Status502BadGateway, ApiErrorCodes.ProviderError, exception.Message, ApiError.FailureName(exception.Failure), exception.ProviderMessage);
    }
}
