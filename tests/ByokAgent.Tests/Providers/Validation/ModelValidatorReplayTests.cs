using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Tests.Providers.Errors;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>
/// The replay table through the real validator: for every provider, each recorded-shape failure (bad key, missing key,
/// unknown model, empty account, rate limit, and the traps) must come back as exactly the line and classification the
/// classifier table expects, with the provider's words as detail.
/// </summary>
public sealed class ModelValidatorReplayTests : IAsyncLifetime
{
    private ValidationHost _host = null!;

    /// <summary>
    /// Every error fixture, except unknown models of providers that check the model in their public list (OpenRouter,
    /// DeepSeek): they never send a request naming it (see <see cref="ModelValidatorModelListTests"/>).
    /// </summary>
    public static TheoryData<string> Fixtures => new(
        ErrorFixtureCases.All
            .Where(row => !(FixtureScope.IsUnknownModel(row) && row.ProviderId is "openrouter" or "deepseek"))
            .Select(row => row.Fixture));

    public static TheoryData<string> Providers => new(ProviderTargets.All.Select(target => target.Id));

    public async Task InitializeAsync() => _host = await ValidationHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task ValidateAsync_ProviderAnswersWithFixture_ReturnsItsLineAndClassification(string fixture)
    {
        var expected = ErrorFixtureCases.Get(fixture);
        var target = ProviderTargets.Get(expected.ProviderId);
        FixtureScope.Apply(_host.Fake, expected, target);

        // An unknown model is in no list, so a list-checking plan cannot pass it by accident.
        var result = await _host.ValidateAsync(target, modelExists: !FixtureScope.IsUnknownModel(expected));

        (result.Failure, result.Message).Should().Be((expected.Failure, expected.Message));
        result.IsValid.Should().BeFalse();
        result.Detail.Should().Be(expected.Detail);
        result.StatusCode.Should().Be(ErrorFixtures.StatusOf(fixture));
        result.RetryAfter.Should().Be(expected.RetryAfter);
        _host.Fake.Requests.Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ValidateAsync_BadKeyAndUnknownModel_ReportsTheKeyFirst(string provider)
    {
        var target = ProviderTargets.Get(provider);
        var badKey = ErrorFixtures.Reply($"{provider}/invalid_key");
        _host.Fake.Intercept = _ => badKey;

        var result = await _host.ValidateAsync(target with { Model = "no-such-model-9" }, modelExists: false);

        (result.Failure, result.Message).Should().Be((ProviderFailure.InvalidKey, ProviderFailureMessages.InvalidKey));
        _host.Fake.Requests.Should().ContainSingle("the first request already proves the key is bad");
    }
}
