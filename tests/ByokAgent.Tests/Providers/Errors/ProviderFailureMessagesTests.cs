using ByokAgent.Providers.Errors;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>The user's one line for each failure: the three fixed lines are the product's exact words.</summary>
public sealed class ProviderFailureMessagesTests
{
    [Fact]
    public void FixedLines_AreTheProductsExactWords()
    {
        ProviderFailureMessages.InvalidKey.Should().Be("Invalid key. Validation failed.");
        ProviderFailureMessages.InvalidModel.Should().Be("Invalid model name. Validation failed.");
        ProviderFailureMessages.QuotaExceeded.Should().Be("You exceeded your current quota");
    }

    [Theory]
    [InlineData(0.006, "Rate limited by OpenAI: retry in 1 s.")]
    [InlineData(5.4, "Rate limited by OpenAI: retry in 6 s.")]
    [InlineData(119, "Rate limited by OpenAI: retry in 119 s.")]
    [InlineData(120, "Rate limited by OpenAI: retry in 2 min.")]
    [InlineData(360, "Rate limited by OpenAI: retry in 6 min.")]
    [InlineData(7200, "Rate limited by OpenAI: retry in 2 h.")]
    public void RateLimited_WithAWait_RoundsUpInAReadableUnit(double seconds, string expected)
    {
        ProviderFailureMessages.RateLimited("OpenAI", TimeSpan.FromSeconds(seconds)).Should().Be(expected);
    }

    [Fact]
    public void RateLimited_WithoutAWait_SaysShortly()
    {
        ProviderFailureMessages.RateLimited("DeepSeek", null).Should().Be("Rate limited by DeepSeek: retry shortly.");
    }

    [Theory]
    [InlineData(502, null, "OpenAI Compatible answered 502 BadGateway.")]
    [InlineData(500, "boom", "OpenAI Compatible answered 500 InternalServerError: boom")]
    [InlineData(529, "Overloaded", "OpenAI Compatible answered 529: Overloaded")]
    [InlineData(null, null, "OpenAI Compatible failed.")]
    public void ProviderError_NamesTheStatusAndKeepsTheProvidersWords(int? status, string? providerMessage, string expected)
    {
        ProviderFailureMessages.ProviderError("OpenAI Compatible", status, providerMessage).Should().Be(expected);
    }
}
