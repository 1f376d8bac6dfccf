using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Providers;

/// <summary>How the runtime talks to providers, bound from <c>ByokAgent:Providers</c>.</summary>
public sealed class ProviderOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Providers";

    /// <summary>
    /// Time allowed for one attempt of a provider request until the answer starts (for a stream: its headers). Default 120 s.
    /// </summary>
    /// <remarks>
    /// An attempt that runs out of time is retried like a reset connection, within <see cref="TotalRequestTimeout"/>. Once an
    /// answer has started, it is also the longest silence between two reads of it: a stalled stream fails (not retried).
    /// </remarks>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Time allowed for one provider call across all its attempts and the waits between them, until the answer starts.
    /// Default 300 s; must be at least <see cref="RequestTimeout"/>.
    /// </summary>
    /// <remarks>Also the SDKs' own timeout, which wraps the shared retry loop; a stream that has started is not cut by it.</remarks>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Retries of a failed provider request (rate limits without an exhausted quota, 408, 5xx, 529 overloaded, reset
    /// connections, attempts out of time) by the one shared retry loop of the HTTP pipeline. Default 2; 0 disables.
    /// </summary>
    /// <remarks>
    /// An invalid key, an unknown model or an exhausted quota is never retried, nor is an answer that has started
    /// (success headers, or a stream cut midway). The SDKs' own retries are off.
    /// </remarks>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First wait of the jittered exponential backoff between retries, when the provider gives no wait hint. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait before a retry: caps the backoff, and a provider's wait hint (<c>retry-after</c>,
    /// <c>retry-after-ms</c>, reset headers, body hints) longer than this is not waited for: the call fails at once with the
    /// rate limit and its hint. Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A proxy URL for every provider request; a config's own proxy wins. Empty: <c>HTTPS_PROXY</c>/<c>NO_PROXY</c> apply.</summary>
    public string? Proxy { get; set; }

    /// <summary>How long a pooled connection lives before it is replaced, so DNS changes are seen. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Proxy) && !ModelConfig.IsProxyUrl(Proxy))
        {
            // The value is not echoed: a proxy URL may carry a password.
            yield return new ValidationResult("ByokAgent:Providers:Proxy is not a proxy URL such as http://proxy.local:3128.", [nameof(Proxy)]);
        }

        if (TotalRequestTimeout < RequestTimeout)
        {
            yield return new ValidationResult(
                $"ByokAgent:Providers:TotalRequestTimeout ({TotalRequestTimeout}) must be at least RequestTimeout ({RequestTimeout}): it bounds every attempt together.",
                [nameof(TotalRequestTimeout), nameof(RequestTimeout)]);
        }
    }
}
