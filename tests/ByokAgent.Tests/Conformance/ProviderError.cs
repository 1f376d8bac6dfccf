using ByokAgent.Testing;

namespace ByokAgent.Tests.Conformance;

/// <summary>An error answer in one provider's real envelope, and what the caller must be told about it.</summary>
/// <param name="Reply">The answer the fake sends, byte for byte.</param>
/// <param name="Status">Its HTTP status.</param>
/// <param name="Message">The provider's own message as <c>ProviderException.ProviderMessage</c> must carry it (secrets masked).</param>
public sealed record ProviderError(FakeReply Reply, int Status, string Message)
{
    /// <summary>A JSON error body with this status.</summary>
    public static ProviderError Json(int status, string body, string message) => new(FakeReply.Error(status, body), status, message);

    public override string ToString() => $"{Status}: {Message}";
}
