using ByokAgent.Providers;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>What the caller must be told about one error fixture.</summary>
/// <param name="Fixture">The fixture, <c>provider/case</c>; the provider part is the catalog id whose client receives it.</param>
/// <param name="Failure">The classification.</param>
/// <param name="Message">The user's one line, exactly.</param>
/// <param name="Detail">The provider's own message as it must be kept (scrubbed, rebuilt as <c>Type: message</c> for Bedrock); null when the body has none.</param>
/// <param name="RetryAfter">The wait hint, for a rate limit that gives one.</param>
internal sealed record ErrorFixtureCase(string Fixture, ProviderFailure Failure, string Message, string? Detail, TimeSpan? RetryAfter = null)
{
    public string ProviderId => Fixture[..Fixture.IndexOf('/', StringComparison.Ordinal)];

    public string Case => Fixture[(Fixture.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public override string ToString() => Fixture;
}
