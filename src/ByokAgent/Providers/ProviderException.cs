namespace ByokAgent.Providers;

/// <summary>
/// A provider call failed. Carries what kind of failure it was, the provider, the HTTP status (when there was an
/// answer), the provider's own message and its wait hint.
/// </summary>
/// <remarks>
/// <see cref="Exception.Message"/> is the one line for the user (<c>Invalid key. Validation failed.</c>…);
/// <see cref="ProviderMessage"/> is the provider's own words, shown under it. Both are scrubbed of the config's secrets
/// before this is created.
/// </remarks>
public sealed class ProviderException : Exception
{
    public ProviderException(string providerId, ProviderFailure failure, int? statusCode, string? providerMessage, string message, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        ProviderId = providerId;
        Failure = failure;
        StatusCode = statusCode;
        ProviderMessage = providerMessage;
        RetryAfter = retryAfter;
    }

    public ProviderException()
        : this("unknown", ProviderFailure.ProviderError, null, null, "The provider call failed.")
    {
    }

    public ProviderException(string message)
        : this("unknown", ProviderFailure.ProviderError, null, null, message)
    {
    }

    public ProviderException(string message, Exception innerException)
        : this("unknown", ProviderFailure.ProviderError, null, null, message, innerException)
    {
    }

    /// <summary>The catalog id of the provider that failed.</summary>
    public string ProviderId { get; }

    /// <summary>Whether the provider answered with an error or could not be reached.</summary>
    public ProviderFailure Failure { get; }

    /// <summary>The HTTP status of the provider's answer, or <see langword="null"/> when there was none.</summary>
    public int? StatusCode { get; }

    /// <summary>The provider's own error message (scrubbed), when its body had one.</summary>
    public string? ProviderMessage { get; }

    /// <summary>How long the provider asked to wait before retrying (rate limits), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the connection was reset or closed mid-answer (the one failure validation retries once).</summary>
    internal bool IsConnectionReset { get; init; }

    /// <summary>Whether trying again later may succeed (rate limits, provider errors, unreachable) rather than needing a fix.</summary>
    public bool IsTransient => Failure is ProviderFailure.RateLimited or ProviderFailure.Unreachable or ProviderFailure.ProviderError;
}
