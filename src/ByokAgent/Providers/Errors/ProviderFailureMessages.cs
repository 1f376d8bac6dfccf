using System.Globalization;
using System.Net;

namespace ByokAgent.Providers.Errors;

/// <summary>The one line a user reads for each kind of failure: the same words in validation, the CLI, the REPL and the API.</summary>
/// <remarks>The first three are the exact lines desktop BYOK apps show on their Models page, which users already know.</remarks>
public static class ProviderFailureMessages
{
    /// <summary>For <see cref="ProviderFailure.InvalidKey"/>.</summary>
    public const string InvalidKey = "Invalid key. Validation failed.";

    /// <summary>For <see cref="ProviderFailure.InvalidModel"/>.</summary>
    public const string InvalidModel = "Invalid model name. Validation failed.";

    /// <summary>For <see cref="ProviderFailure.QuotaExceeded"/>.</summary>
    public const string QuotaExceeded = "You exceeded your current quota";

    /// <summary>For <see cref="ProviderFailure.RateLimited"/>, with the provider's wait hint when it gave one.</summary>
    public static string RateLimited(string providerName, TimeSpan? retryAfter) =>
        retryAfter is { } wait
            ? string.Create(CultureInfo.InvariantCulture, $"Rate limited by {providerName}: retry in {Describe(wait)}.")
            : $"Rate limited by {providerName}: retry shortly.";

    /// <summary>For <see cref="ProviderFailure.ProviderError"/>: the status and, when there is one, the provider's message.</summary>
    public static string ProviderError(string providerName, int? status, string? providerMessage)
    {
        var answered = status is { } code
            ? $"{providerName} answered {code}{(Enum.IsDefined(typeof(HttpStatusCode), code) ? $" {(HttpStatusCode)code}" : string.Empty)}"
            : $"{providerName} failed";
        return providerMessage is null ? $"{answered}." : $"{answered}: {providerMessage}";
    }

    private static string Describe(TimeSpan wait) =>
        wait < TimeSpan.FromSeconds(1) ? "1 s"
        : wait < TimeSpan.FromMinutes(2) ? $"{Math.Ceiling(wait.TotalSeconds):0} s"
        : wait < TimeSpan.FromHours(2) ? $"{Math.Ceiling(wait.TotalMinutes):0} min"
        : $"{Math.Ceiling(wait.TotalHours):0} h";
}
