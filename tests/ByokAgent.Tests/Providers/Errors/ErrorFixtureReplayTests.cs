using ByokAgent.Providers;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>
/// Every error fixture, replayed by FakeProvider to the provider's real chat client, must come out as the right
/// <see cref="ProviderException"/>: classification, the user's one line, the provider's own words kept as detail, the wait hint.
/// </summary>
public sealed class ErrorFixtureReplayTests : IAsyncLifetime
{
    private ErrorReplayHost _host = null!;

    public static TheoryData<string> Fixtures => new(ErrorFixtureCases.All.Select(row => row.Fixture));

    public async Task InitializeAsync() => _host = await ErrorReplayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Table_CoversEveryFixtureFile()
    {
        ErrorFixtureCases.All.Select(row => row.Fixture).Should().OnlyHaveUniqueItems()
            .And.BeEquivalentTo(ErrorFixtures.Names(), "every fixture on disk needs an expected outcome, and every row a file");
    }

    [Fact]
    public void Table_HasTheFiveCasesForEveryCatalogProvider()
    {
        foreach (var provider in ProviderCatalog.Ids)
        {
            ErrorFixtureCases.All.Where(row => row.ProviderId == provider).Select(row => row.Case)
                .Should().Contain(ErrorFixtureCases.RequiredCases, $"{provider} needs each case");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Chat_ReplayedErrorFixture_IsClassifiedWithTheUserLineAndKeepsTheProvidersMessage(string fixture)
    {
        var expected = ErrorFixtureCases.Get(fixture);
        var target = ProviderTargets.Get(expected.ProviderId);
        _host.AnswerEverything(ErrorFixtures.Reply(fixture));

        var error = await _host.ChatFailureAsync(target);

        (error.Failure, error.Message).Should().Be((expected.Failure, expected.Message));
        error.ProviderMessage.Should().Be(expected.Detail);
        error.StatusCode.Should().Be(ErrorFixtures.StatusOf(fixture));
        error.ProviderId.Should().Be(target.Id);
        error.RetryAfter.Should().Be(expected.RetryAfter);
        error.IsTransient.Should().Be(expected.Failure is ProviderFailure.RateLimited or ProviderFailure.ProviderError);
        _host.Fake.Requests.Should().ContainSingle("the classified failure is thrown after one answer (no SDK retries)");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task StreamingChat_ReplayedErrorFixture_IsClassifiedTheSameWay(string fixture)
    {
        var expected = ErrorFixtureCases.Get(fixture);
        _host.AnswerEverything(ErrorFixtures.Reply(fixture));

        var error = await _host.ChatFailureAsync(ProviderTargets.Get(expected.ProviderId), streaming: true);

        (error.Failure, error.Message).Should().Be((expected.Failure, expected.Message));
        error.ProviderMessage.Should().Be(expected.Detail);
        error.StatusCode.Should().Be(ErrorFixtures.StatusOf(fixture));
        error.RetryAfter.Should().Be(expected.RetryAfter);
    }
}
