using System.Net.Http.Headers;

namespace ByokAgent.Providers.Http;

/// <summary>
/// The headers of the last error answer within one provider call, for the SDKs whose exceptions drop them (Anthropic's
/// <c>AnthropicApiException</c> keeps the body only), so wait hints such as <c>retry-after</c> still reach the classifier.
/// </summary>
/// <remarks>
/// A call opens a scope (<see cref="Begin"/>) that flows down into the HTTP pipeline; <see cref="ErrorResponseHeadersHandler"/>
/// fills it when an error status arrives; the translator reads it. Hand-written: no SDK offers this hook for all providers.
/// </remarks>
internal sealed class ErrorResponseHeaders
{
    private static readonly AsyncLocal<ErrorResponseHeaders?> CurrentScope = new();

    // Only what classification reads: wait hints and Bedrock's error type. Nothing else is kept.
    private static readonly string[] Wanted =
    [
        "retry-after", "retry-after-ms", "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens",
        "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens", "anthropic-ratelimit-requests-reset",
        "anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset",
        "x-amzn-ErrorType",
    ];

    private volatile Dictionary<string, string>? _headers;

    /// <summary>The scope of the provider call running on this flow, if any.</summary>
    public static ErrorResponseHeaders? Current => CurrentScope.Value;

    /// <summary>Opens (or reuses) the scope for a provider call on this flow.</summary>
    public static ErrorResponseHeaders Begin(ErrorResponseHeaders? existing = null)
    {
        var scope = existing ?? new ErrorResponseHeaders();
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Reads a captured header, or <see langword="null"/>.</summary>
    public string? Get(string name) => _headers is { } headers && headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Keeps the wanted headers of an error answer.</summary>
    public void Capture(HttpResponseHeaders headers)
    {
        var captured = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Wanted)
        {
            if (headers.TryGetValues(name, out var values))
            {
                captured[name] = string.Join(',', values);
            }
        }

        _headers = captured;
    }
}

/// <summary>Fills the current <see cref="ErrorResponseHeaders"/> scope from error answers; passes everything through unchanged.</summary>
internal sealed class ErrorResponseHeadersHandler : DelegatingHandler
{
    public ErrorResponseHeadersHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400 && ErrorResponseHeaders.Current is { } scope)
        {
            scope.Capture(response.Headers);
        }

        return response;
    }
}
