using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using ByokAgent.Providers.Anthropic;
using ByokAgent.Providers.Bedrock;
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
            ClientResultException clientError => Answered(config, clientError.Status, clientError.GetRawResponse()?.Content?.ToString(), exception),
            HttpRequestException { StatusCode: { } status } => Answered(config, (int)status, null, exception),
            System.Text.Json.JsonException => Unreadable(config, exception),
            _ when IsNetworkFailure(exception) => Unreachable(config, Describe(exception), exception),
            _ => null,
        };
    }

    /// <summary>Builds the exception for an HTTP answer with an error status.</summary>
    public static ProviderException Answered(ModelConfig config, int status, string? body, Exception? inner)
    {
        var descriptor = config.Descriptor;
        var providerMessage = ProviderErrorBody.TryReadMessage(body);
        var scrubbed = providerMessage is null ? null : SecretRedactor.Redact(providerMessage, config.Secrets());
        var reason = Enum.IsDefined(typeof(HttpStatusCode), status) ? $" {(HttpStatusCode)status}" : string.Empty;
        var message = scrubbed is null
            ? $"{descriptor.DisplayName} answered {status}{reason}."
            : $"{descriptor.DisplayName} answered {status}{reason}: {scrubbed}";
        return new ProviderException(descriptor.Id, ProviderFailure.ProviderError, status, scrubbed, message, Sanitized(inner, config));
    }

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
        return new ProviderException(descriptor.Id, ProviderFailure.Unreachable, null, null, message, Sanitized(inner, config));
    }

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
