using ByokAgent.Providers.Errors;

namespace ByokAgent.Providers.Http;

/// <summary>What the shared retry loop needs to know about one provider's calls: whose errors they are and the limits.</summary>
/// <param name="ProviderId">The catalog id, for logs.</param>
/// <param name="Vendor">Whose error codes the answers carry, so retry decisions classify exactly as the translator does.</param>
/// <param name="MaxRetries">Retries after the first attempt; 0 sends once.</param>
/// <param name="AttemptTimeout">Time allowed for one attempt until the answer starts.</param>
/// <param name="TotalTimeout">Time allowed for every attempt and wait together until the answer starts.</param>
/// <param name="RetryBaseDelay">First backoff wait when the provider gives no hint.</param>
/// <param name="MaxRetryDelay">Longest wait; a longer provider hint fails the call at once.</param>
/// <remarks>A value type of plain settings, so equal policies share one pipeline and one <see cref="HttpClient"/>.</remarks>
internal sealed record ProviderCallPolicy(
    string ProviderId,
    ProviderVendor Vendor,
    int MaxRetries,
    TimeSpan AttemptTimeout,
    TimeSpan TotalTimeout,
    TimeSpan RetryBaseDelay,
    TimeSpan MaxRetryDelay)
{
    /// <summary>The policy of <paramref name="config"/>'s calls under <paramref name="settings"/>.</summary>
    public static ProviderCallPolicy For(ModelConfig config, ProviderOptions settings) => new(
        config.Descriptor.Id,
        ProviderVendors.Of(config),
        settings.MaxRetries,
        settings.RequestTimeout,
        // Validation demands total >= attempt; settings built in code (validation's) are not validated, so clamp here.
        settings.TotalRequestTimeout < settings.RequestTimeout ? settings.RequestTimeout : settings.TotalRequestTimeout,
        settings.RetryBaseDelay,
        settings.MaxRetryDelay);
}
