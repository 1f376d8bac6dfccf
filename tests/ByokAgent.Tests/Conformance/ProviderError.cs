using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Conformance;

/// <summary>An error answer in one provider's real envelope, and what the caller must be told about it.</summary>
/// <param name="Reply">The answer the fake sends, byte for byte.</param>
/// <param name="Status">Its HTTP status.</param>
/// <param name="Message">The provider's own message as <c>ProviderException.ProviderMessage</c> must carry it (secrets masked).</param>
/// <param name="Failure">The class the classifier must give it (shared/wire.md §1).</param>
public sealed record ProviderError(FakeReply Reply, int Status, string Message, ProviderFailure Failure)
{
    /// <summary>The one line the user reads: <c>ProviderException.Message</c> and the error event's message.</summary>
    /// <remarks>Rows carry failures that need a fix (key, model, quota), whose lines do not depend on the provider.</remarks>
    public string UserLine => Failure switch
    {
        ProviderFailure.InvalidKey => ProviderFailureMessages.InvalidKey,
        ProviderFailure.InvalidModel => ProviderFailureMessages.InvalidModel,
        ProviderFailure.QuotaExceeded => ProviderFailureMessages.QuotaExceeded,
        _ => throw new InvalidOperationException($"A conformance row with a {Failure} error needs its expected line added here."),
    };

    /// <summary>A JSON error body with this status.</summary>
    public static ProviderError Json(int status, string body, string message, ProviderFailure failure) => new(FakeReply.Error(status, body), status, message, failure);

    public override string ToString() => $"{Status} {Failure}: {Message}";
}
