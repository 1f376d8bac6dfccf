using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Providers;

/// <summary>How the runtime talks to providers, bound from <c>ByokAgent:Providers</c>.</summary>
public sealed class ProviderOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Providers";

    /// <summary>Time allowed for one provider request (for a stream: until it starts answering). Default 120 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries of a failed provider request by the SDK's own policy (rate limits, 5xx, resets). Default 2.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

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
    }
}
