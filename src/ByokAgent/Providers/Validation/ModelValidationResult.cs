namespace ByokAgent.Providers.Validation;

/// <summary>The outcome of validating a model config: one line for the user, and what lies under it.</summary>
/// <param name="Failure">Why it failed, or <see langword="null"/> when the config works.</param>
/// <param name="Message">
/// The one line: <c>Invalid key. Validation failed.</c>, <c>Invalid model name. Validation failed.</c>,
/// <c>You exceeded your current quota</c>, a rate-limit, unreachable or provider-error line; or a success line.
/// </param>
/// <param name="Detail">The provider's own message (scrubbed of secrets), shown under <paramref name="Message"/>.</param>
/// <param name="Hint">A likely fix, when one is known (a missing <c>/v1</c> on an OpenAI-compatible host…).</param>
/// <param name="Warnings">Things that work but may disappoint (the model did not call a tool when forced to).</param>
/// <param name="StatusCode">The HTTP status of the failing answer, when there was one.</param>
/// <param name="RetryAfter">The provider's wait hint, for a rate limit.</param>
public sealed record ModelValidationResult(
    ProviderFailure? Failure,
    string Message,
    string? Detail = null,
    string? Hint = null,
    IReadOnlyList<string>? Warnings = null,
    int? StatusCode = null,
    TimeSpan? RetryAfter = null)
{
    /// <summary>Whether the key and model work.</summary>
    public bool IsValid => Failure is null;

    /// <summary>Warnings, never null.</summary>
    public IReadOnlyList<string> AllWarnings => Warnings ?? [];

    /// <summary>A success.</summary>
    public static ModelValidationResult Valid(string message, IReadOnlyList<string>? warnings = null) => new(null, message, Warnings: warnings);

    /// <summary>The result for a provider failure, in its user-facing words.</summary>
    public static ModelValidationResult From(ProviderException exception, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(exception.Failure, exception.Message, exception.ProviderMessage, hint, null, exception.StatusCode, exception.RetryAfter);
    }
}
