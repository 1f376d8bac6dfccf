using ByokAgent.Providers;
using ByokAgent.Providers.Errors;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>Builds the classifier's input by hand, for the pure parsing rules.</summary>
internal static class ErrorAnswers
{
    public static ProviderErrorAnswer Of(ProviderVendor vendor, int status, string? body, params (string Name, string Value)[] headers)
    {
        var byName = headers.ToDictionary(header => header.Name, header => header.Value, StringComparer.OrdinalIgnoreCase);
        return new ProviderErrorAnswer(vendor, status, body, name => byName.TryGetValue(name, out var value) ? value : null);
    }

    public static ProviderFailure Classify(ProviderVendor vendor, int status, string? body, params (string Name, string Value)[] headers) =>
        ProviderFailureClassifier.Classify(Of(vendor, status, body, headers), ProviderErrorFields.Read(body));

    public static TimeSpan? RetryAfter(DateTimeOffset now, ProviderVendor vendor, string? body, params (string Name, string Value)[] headers) =>
        RetryHints.Read(Of(vendor, 429, body, headers), ProviderErrorFields.Read(body), now);
}
