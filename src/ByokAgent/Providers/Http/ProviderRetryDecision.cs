using System.Net;
using System.Net.Sockets;
using ByokAgent.Providers.Errors;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ByokAgent.Providers.Http;

/// <summary>
/// Decides, for one failed attempt of a provider call, whether the shared retry loop tries again and how long the provider
/// asked it to wait.
/// </summary>
/// <remarks>
/// <para>Retried: 408, 429 and 5xx (529 overloaded included) answers, connections reset or refused, and attempts out of
/// time. Never retried, whatever the status: what <see cref="ProviderFailureClassifier"/> calls an invalid key, an invalid
/// model or an exhausted quota (the same rules as the error the caller finally sees, shared/wire.md §1); an answer with
/// <c>x-should-retry: false</c>; a wait hint longer than the policy's cap or than the time left (failing at once with the
/// provider's own answer beats waiting and failing anyway); and any answer with success headers, which this never sees
/// because the handler returns those before a stream is read.</para>
/// <para>The error body is buffered (bounded) to classify it, so the SDK still reads it afterwards.</para>
/// </remarks>
internal static class ProviderRetryDecision
{
    /// <summary>When the call started (<see cref="TimeProvider.GetTimestamp"/>), for the time left before the total timeout.</summary>
    public static readonly ResiliencePropertyKey<long> StartedAt = new("ByokAgent.Providers.CallStartedAt");

    // The hint of the attempt being judged, handed from the predicate to the delay generator; zero: no hint.
    private static readonly ResiliencePropertyKey<TimeSpan> WaitHint = new("ByokAgent.Providers.WaitHint");

    // Error bodies are small JSON or a proxy's HTML page; anything larger is not an error body worth reading.
    private const long MaxErrorBodyBytes = 1024 * 1024;

    /// <summary>Whether the outcome of an attempt is worth another attempt.</summary>
    public static async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args, ProviderCallPolicy policy, TimeProvider time)
    {
        args.Context.Properties.Set(WaitHint, TimeSpan.Zero);
        if (args.Outcome.Exception is { } exception)
        {
            return IsTransient(exception);
        }

        var response = args.Outcome.Result;
        if (response is null || !IsRetryableStatus(response.StatusCode) || ServerSaysNoRetry(response))
        {
            return false;
        }

        var body = await ReadBufferedAsync(response, args.Context.CancellationToken).ConfigureAwait(false);
        var answer = new ProviderErrorAnswer(policy.Vendor, (int)response.StatusCode, body, name => Header(response, name));
        var fields = ProviderErrorFields.Read(body);
        if (ProviderFailureClassifier.Classify(answer, fields) is ProviderFailure.InvalidKey or ProviderFailure.InvalidModel or ProviderFailure.QuotaExceeded)
        {
            return false;
        }

        if (RetryHints.Read(answer, fields, time.GetUtcNow()) is { } hint)
        {
            var timeLeft = policy.TotalTimeout - time.GetElapsedTime(args.Context.Properties.GetValue(StartedAt, time.GetTimestamp()));
            if (hint > policy.MaxRetryDelay || hint >= timeLeft)
            {
                return false;
            }

            args.Context.Properties.Set(WaitHint, hint);
        }

        return true;
    }

    /// <summary>The provider's wait hint for the retry about to happen, or <see langword="null"/> for the jittered backoff.</summary>
    public static TimeSpan? HintedWait(ResilienceContext context) =>
        context.Properties.GetValue(WaitHint, TimeSpan.Zero) is var hint && hint > TimeSpan.Zero ? hint : null;

    /// <summary>A short description of a failed attempt for logs: the status or the kind of failure, never a body.</summary>
    public static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception switch
        {
            TimeoutRejectedException => "attempt timed out",
            HttpRequestException { HttpRequestError: var error } => $"no answer ({error})",
            { } other => other.GetType().Name,
            null => ((int?)outcome.Result?.StatusCode)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer",
        };

    private static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    // Anthropic sends x-should-retry; "false" means the request itself is wrong, whatever the status.
    private static bool ServerSaysNoRetry(HttpResponseMessage response) =>
        Header(response, "x-should-retry") is { } value && bool.TryParse(value, out var retry) && !retry;

    private static bool IsTransient(Exception exception) =>
        exception switch
        {
            TimeoutRejectedException => true,
            // No status: nothing was answered. Name resolution, TLS and proxy failures are configuration, not luck.
            HttpRequestException { StatusCode: null, HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError } => true,
            HttpRequestException { StatusCode: null, HttpRequestError: HttpRequestError.Unknown, InnerException: IOException or SocketException } => true,
            _ => false,
        };

    private static async Task<string?> ReadBufferedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // Buffered, not consumed: the SDK reads the same body again when this answer is the one it gets.
            await response.Content.LoadIntoBufferAsync(MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
        {
            // A body cut off or too large: classify by status and headers alone (a cut body is as transient as a reset).
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(',', values)
            : null;
}
