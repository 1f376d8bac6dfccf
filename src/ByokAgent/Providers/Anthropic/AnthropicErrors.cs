using System.Text.Json;
using Anthropic.Exceptions;

namespace ByokAgent.Providers.Anthropic;

/// <summary>Translates what the Anthropic client throws into a <see cref="ProviderException"/>.</summary>
/// <remarks>
/// Only the answered failures are read here: an error status (<see cref="AnthropicApiException"/>), an
/// <c>event: error</c> inside a 200 stream (<see cref="AnthropicSseException"/>), and an answer whose shape the SDK
/// cannot read (<see cref="AnthropicInvalidDataException"/>). Network failures arrive as
/// <see cref="AnthropicIOException"/> around an <see cref="HttpRequestException"/>, and timeouts as a
/// <see cref="TaskCanceledException"/>: the common path of <see cref="ProviderExceptionTranslator"/> already turns those into
/// unreachable, so they are left to it.
/// </remarks>
internal static class AnthropicErrors
{
    public static ProviderException? TryTranslate(Exception exception, ModelConfig config) =>
        exception switch
        {
            AnthropicApiException answered => ProviderExceptionTranslator.Answered(config, (int)answered.StatusCode, answered.ResponseBody, answered),
            AnthropicSseException streamed => ProviderExceptionTranslator.Answered(config, StreamErrorStatus(ErrorType(streamed.Body)), RawBody(streamed.Body), streamed),
            AnthropicInvalidDataException unreadable => ProviderExceptionTranslator.Unreadable(config, unreadable),
            _ => null,
        };

    /// <summary>The status to report for an error event inside a 200 stream, from its <c>error.type</c>.</summary>
    /// <remarks>
    /// The HTTP status was 200 by the time the stream failed, which says nothing about the failure, so the status Anthropic
    /// pairs with the same error type on a non-streamed answer is reported instead (platform.claude.com/docs/en/api/errors):
    /// mid-stream errors are mostly <c>overloaded_error</c>, which must read as the transient 529 it is, not as a success.
    /// An unknown or missing type is reported as 500, Anthropic's generic <c>api_error</c>.
    /// </remarks>
    internal static int StreamErrorStatus(string? errorType) =>
        errorType switch
        {
            "invalid_request_error" => 400,
            "authentication_error" => 401,
            "billing_error" => 402,
            "permission_error" => 403,
            "not_found_error" => 404,
            "conflict_error" => 409,
            "request_too_large" => 413,
            "rate_limit_error" => 429,
            "timeout_error" => 504,
            "overloaded_error" => 529,
            _ => 500,
        };

    // Read from the JSON rather than the SDK's typed Type property, which throws on a type that is not a string: a
    // translator that throws would let an untranslated exception escape.
    private static string? ErrorType(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("error", out var error)
        && error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    // The SDK keeps the event's data parsed; the common error-body reader wants the text back.
    private static string? RawBody(JsonElement body) =>
        body.ValueKind == JsonValueKind.Undefined ? null : body.GetRawText();
}
