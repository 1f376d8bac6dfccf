using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing.Accounts;
using ByokAgent.Tests.Providers.Errors;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>
/// An empty account shows where each provider shows it: on the generation only (OpenAI, Gemini's free tier), or in the
/// account endpoints the validator reads for free (DeepSeek's balance, OpenRouter's key limit).
/// </summary>
public sealed class ModelValidatorBillingTests : IAsyncLifetime
{
    private ValidationHost _host = null!;

    public async Task InitializeAsync() => _host = await ValidationHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("openai/quota_exhausted", "/v1/models/gpt-4o-mini", "/v1/chat/completions")]
    [InlineData("gemini/quota_exhausted", "/v1beta/openai/models/gemini-2.5-flash", "/v1beta/openai/chat/completions")]
    public async Task ValidateAsync_QuotaShowsOnlyOnAGeneration_TheOneTokenChatCatchesIt(string fixture, string lookupPath, string chatPath)
    {
        var expected = ErrorFixtureCases.Get(fixture);
        var quota = ErrorFixtures.Reply(fixture);
        _host.Fake.Intercept = request => request.Method == "POST" ? quota : null;

        var result = await _host.ValidateAsync(ProviderTargets.Get(expected.ProviderId));

        (result.Failure, result.Message, result.Detail).Should().Be((ProviderFailure.QuotaExceeded, ProviderFailureMessages.QuotaExceeded, expected.Detail));
        _host.Fake.Requests.Select(request => request.Path).Should().Equal(lookupPath, chatPath);
    }

    [Fact]
    public async Task ValidateAsync_DeepSeekBalanceNotAvailable_IsQuotaWithoutSpendingTokens()
    {
        var empty = AccountReplies.DeepSeekBalance(isAvailable: false);
        _host.Fake.Intercept = request => request.Path.EndsWith("/user/balance", StringComparison.Ordinal) ? empty : null;

        var result = await _host.ValidateAsync(ProviderTargets.Get("deepseek"));

        (result.Failure, result.Message).Should().Be((ProviderFailure.QuotaExceeded, ProviderFailureMessages.QuotaExceeded));
        result.Detail.Should().Be("DeepSeek reports the balance is not available for API calls: top up the account.");
        _host.Fake.Requests.Should().ContainSingle().Which.Path.Should().Be("/user/balance");
    }

    [Fact]
    public async Task ValidateAsync_OpenRouterKeyLimitUsedUp_IsQuota()
    {
        var usedUp = AccountReplies.OpenRouterKey(limitRemaining: 0);
        _host.Fake.Intercept = request => request.Path.EndsWith("/key", StringComparison.Ordinal) ? usedUp : null;

        var result = await _host.ValidateAsync(ProviderTargets.Get("openrouter"));

        (result.Failure, result.Message).Should().Be((ProviderFailure.QuotaExceeded, ProviderFailureMessages.QuotaExceeded));
        result.Detail.Should().Contain("limit_remaining 0");
    }

    [Fact]
    public async Task ValidateAsync_OpenRouterKeyWithoutALimit_IsValid()
    {
        var unlimited = AccountReplies.OpenRouterKey(limitRemaining: null);
        _host.Fake.Intercept = request => request.Path.EndsWith("/key", StringComparison.Ordinal) ? unlimited : null;

        var result = await _host.ValidateAsync(ProviderTargets.Get("openrouter"));

        result.IsValid.Should().BeTrue("limit_remaining is null when the key has no limit");
    }
}
