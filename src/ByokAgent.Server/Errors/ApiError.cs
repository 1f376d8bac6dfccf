using System.Text.Json.Serialization;
using ByokAgent.Providers;

namespace ByokAgent.Server.Errors;

/// <summary>The one error shape of the API: <c>{ "error": { "code", "message" } }</c>.</summary>
public sealed record ApiErrorBody(ApiError Error);

/// <summary>An error: a stable code, a message for people, and for provider failures the failure class.</summary>
/// <param name="Code">The stable code (<see cref="ApiErrorCodes"/>).</param>
/// <param name="Message">What went wrong, in words; never a key, a stack trace or a message body.</param>
/// <param name="Failure">For <c>provider_error</c> and validation failures: <c>invalid_key</c>, <c>invalid_model</c>, <c>quota_exceeded</c>, <c>rate_limited</c>, <c>unreachable</c> or <c>provider_error</c>.</param>
/// <param name="Detail">The provider's own words (scrubbed), when it gave any.</param>
/// <param name="RequestId">The request's id (also in the <c>x-request-id</c> header, the logs and the trace), set when the error is written.</param>
public sealed record ApiError(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Failure = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequestId = null)
{
    /// <summary>The snake-case name of a failure class.</summary>
    public static string FailureName(ProviderFailure failure) => failure switch
    {
        ProviderFailure.InvalidKey => "invalid_key",
        ProviderFailure.InvalidModel => "invalid_model",
        ProviderFailure.QuotaExceeded => "quota_exceeded",
        ProviderFailure.RateLimited => "rate_limited",
        ProviderFailure.Unreachable => "unreachable",
        _ => "provider_error",
    };
}
