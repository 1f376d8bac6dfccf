using System.ClientModel;
using System.Net.Sockets;
using System.Security.Authentication;
using ByokAgent.Providers.Anthropic;
using ByokAgent.Providers.Bedrock;
using ByokAgent.Providers.Errors;
using ByokAgent.Providers.Http;
using ByokAgent.Security;

namespace ByokAgent.Providers;

/// <summary>Turns whatever a provider SDK throws into one <see cref="ProviderException"/>, scrubbed of the config's secrets.</summary>
internal static class ProviderExceptionTranslator
{
    /// <summary>Translates <paramref name="exception"/>, or returns <see langword="null"/> when it is not a provider failure.</summary>
    /// <param name="exception">What the SDK threw.</param>
    /// <param name="config">The config of the call, for naming the provider and scrubbing its secrets.</param>
    /// <param name="timeout">The configured request timeout, for the message of a timed-out call.</param>
    /// <param name="callerToken">The caller's token: a cancellation the caller asked for is not a provider failure.</param>
    public static ProviderException? Translate(Exception exception, ModelConfig config, TimeSpan timeout, CancellationToken callerToken)
    {
        // Each native SDK's own exception types are read in its folder; the rest is common to every HTTP client.
        return AnthropicErrors.TryTranslate(exception, config) ?? BedrockErrors.TryTranslate(exception, config) ?? exception switch
        {
            ProviderException => null,
            OperationCanceledException when callerToken.IsCancellationRequested => null,
            OperationCanceledException => Unreachable(config, $"no answer within {timeout.TotalSeconds:0} s", exception),
            ClientResultException { Status: 0 } clientError when IsNetworkFailure(clientError.InnerException) =>
                Unreachable(config, Describe(clientError.InnerException!), exception),
            ClientResultException clientError => Answered(config, clientError.Status, clientError.GetRawResponse()?.Content?.ToString(), exception, HeaderReader(clientError.GetRawResponse())),
            HttpRequestException { StatusCode: { } status } => Answered(config, (int)status, null, exception),
            System.Text.Json.JsonException => Unreadable(config, exception),
            _ when IsNetworkFailure(exception) => Unreachable(config, Describe(exception), exception),
            _ => null,
        };
    }

    /// <summary>Builds the classified exception for an error answer (an error status, or an error inside a 200 answer).</summary>
    /// <param name="config">The config of the call.</param>
    /// <param name="status">The HTTP status, or the status an in-stream error stands for.</param>
    /// <param name="body">The error body as sent.</param>
    /// <param name="inner">What the SDK threw, kept scrubbed as the inner exception.</param>
    /// <param name="headers">Reads the answer's headers (wait hints, Bedrock's error type); <see langword="null"/> when there are none.</param>
    public static ProviderException Answered(ModelConfig config, int status, string? body, Exception? inner, Func<string, string?>? headers = null)
    {
        var descriptor = config.Descriptor;
        // SDKs that drop the answer's headers (Anthropic) leave them to the call's capture scope.
        headers ??= ErrorResponseHeaders.Current is { } captured ? captured.Get : ProviderErrorAnswer.NoHeaders;
        var answer = new ProviderErrorAnswer(ProviderVendors.Of(config), status, body, headers);
        var fields = ProviderErrorFields.Read(body);
        var failure = ProviderFailureClassifier.Classify(answer, fields);
        var providerMessage = ProviderErrorBody.Truncate(fields.Message);
        var scrubbed = providerMessage is null ? null : SecretRedactor.Redact(providerMessage, config.Secrets());
        var retryAfter = failure == ProviderFailure.RateLimited ? RetryHints.Read(answer, fields, DateTimeOffset.UtcNow) : null;
        var message = failure switch
        {
            ProviderFailure.InvalidKey => ProviderFailureMessages.InvalidKey,
            ProviderFailure.InvalidModel => ProviderFailureMessages.InvalidModel,
            ProviderFailure.QuotaExceeded => ProviderFailureMessages.QuotaExceeded,
            ProviderFailure.RateLimited => ProviderFailureMessages.RateLimited(descriptor.DisplayName, retryAfter),
            _ => ProviderFailureMessages.ProviderError(descriptor.DisplayName, status, scrubbed),
        };
        return new ProviderException(descriptor.Id, failure, status, scrubbed, message, Sanitized(inner, config), retryAfter);
    }

    private static Func<string, string?>? HeaderReader(System.ClientModel.Primitives.PipelineResponse? response) =>
        response is null ? null : name => response.Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Builds the exception for an answer that arrived but could not be read (malformed JSON, missing fields).</summary>
    public static ProviderException Unreadable(ModelConfig config, Exception inner)
    {
        var descriptor = config.Descriptor;
        var firstLine = inner.Message.Split('\n', 2)[0].Trim();
        var detail = SecretRedactor.Redact(firstLine.Length > 200 ? string.Concat(firstLine.AsSpan(0, 200), "…") : firstLine, config.Secrets());
        return new ProviderException(descriptor.Id, ProviderFailure.ProviderError, null, null, $"{descriptor.DisplayName} sent an answer that could not be read: {detail}", Sanitized(inner, config));
    }

    private static ProviderException Unreachable(ModelConfig config, string why, Exception inner)
    {
        var descriptor = config.Descriptor;
        var host = config.ResolveHost();
        var message = SecretRedactor.Redact($"Could not reach {descriptor.DisplayName} at {host.Scheme}://{host.Authority}: {why}.", config.Secrets());
        return new ProviderException(descriptor.Id, ProviderFailure.Unreachable, null, null, message, Sanitized(inner, config))
        {
            IsConnectionReset = IsReset(inner),
        };
    }

    private static bool IsReset(Exception? exception) =>
        exception switch
        {
            null => false,
            SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted } => true,
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => true,
            _ => IsReset(exception.InnerException),
        };

    private static bool IsNetworkFailure(Exception? exception) =>
        exception switch
        {
            null => false,
            HttpRequestException { StatusCode: null } => true,
            SocketException or AuthenticationException or IOException => true,
            _ => IsNetworkFailure(exception.InnerException),
        };

    private static string Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "the host name does not resolve";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case AuthenticationException:
                    return "TLS handshake failed";
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return "the connection closed before the answer was complete";
            }
        }

        return exception.GetBaseException().Message.TrimEnd('.');
    }

    // SDK exception messages can quote request or response text, which may echo the key: the inner exception that rides
    // along is rebuilt with a scrubbed message and no payload.
    private static RedactedException? Sanitized(Exception? inner, ModelConfig config) =>
        inner is null ? null : RedactedException.From(inner, config.Secrets());
}
