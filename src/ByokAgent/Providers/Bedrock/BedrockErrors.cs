using System.Text.Json.Nodes;
using ByokAgent.Bedrock;
using ByokAgent.Security;

namespace ByokAgent.Providers.Bedrock;

/// <summary>Translates what the Bedrock client throws into a <see cref="ProviderException"/>.</summary>
/// <remarks>
/// Bedrock's error type travels in a header, not in the body, so the provider message is rebuilt as
/// <c>"{ErrorType}: {message}"</c> (e.g. <c>ThrottlingException: Too many requests</c>): classification needs both.
/// Timeouts and unreachable hosts are left to the common translator.
/// </remarks>
internal static class BedrockErrors
{
    public static ProviderException? TryTranslate(Exception exception, ModelConfig config) => exception switch
    {
        BedrockException { IsStreamFailure: true } broken => StreamFailure(broken, config),
        BedrockException bedrock => ProviderExceptionTranslator.Answered(config, bedrock.StatusCode, Body(bedrock), bedrock),
        _ => null,
    };

    // Through the common reader (ProviderErrorBody), so truncation and scrubbing stay the same as for every provider.
    private static string Body(BedrockException exception)
    {
        var message = string.IsNullOrWhiteSpace(exception.ProviderMessage)
            ? exception.ErrorType
            : $"{exception.ErrorType}: {exception.ProviderMessage}";
        return new JsonObject { ["message"] = message }.ToJsonString();
    }

    // The answer had started (200), then the stream broke: a provider failure with the status it had, worded as such.
    private static ProviderException StreamFailure(BedrockException exception, ModelConfig config)
    {
        var descriptor = config.Descriptor;
        var detail = SecretRedactor.Redact($"{exception.ErrorType}: {exception.ProviderMessage}", config.Secrets());
        return new ProviderException(
            descriptor.Id,
            ProviderFailure.ProviderError,
            exception.StatusCode,
            detail,
            $"{descriptor.DisplayName}'s answer broke off: {detail}",
            RedactedException.From(exception, config.Secrets()));
    }
}
