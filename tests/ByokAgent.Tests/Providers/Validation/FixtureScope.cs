using ByokAgent.Testing;
using ByokAgent.Tests.Providers.Errors;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>Which requests a provider answers with an error fixture: the ones that error would really hit.</summary>
internal static class FixtureScope
{
    /// <summary>
    /// An unknown model fails only the requests that name it (a lookup, a chat); a bad key, an empty account, a rate limit
    /// or a broken proxy fail every request.
    /// </summary>
    public static Func<RecordedRequest, bool> For(ErrorFixtureCase fixture, ProviderTarget target) =>
        IsUnknownModel(fixture) ? target.NamesTheModel : _ => true;

    public static bool IsUnknownModel(ErrorFixtureCase fixture) => fixture.Case.StartsWith("unknown_model", StringComparison.Ordinal);

    /// <summary>Answers the requests in scope with the fixture; the wires answer the rest.</summary>
    public static void Apply(FakeProvider fake, ErrorFixtureCase fixture, ProviderTarget target)
    {
        var inScope = For(fixture, target);
        var reply = ErrorFixtures.Reply(fixture.Fixture);
        fake.Intercept = request => inScope(request) ? reply : null;
    }
}
