using ByokAgent.Providers.Errors;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>Every wait hint of shared/wire.md §1, read against a fixed clock.</summary>
public sealed class RetryHintsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 12, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("19", 19)]
    [InlineData("0.5", 0.5)]
    [InlineData("86400", 86400)]
    public void Read_RetryAfterSeconds_IsThatWait(string value, double seconds)
    {
        ErrorAnswers.RetryAfter(Now, ProviderVendor.Other, null, ("retry-after", value)).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Read_RetryAfterHttpDate_IsTheTimeUntilThen()
    {
        ErrorAnswers.RetryAfter(Now, ProviderVendor.Other, null, ("Retry-After", "Mon, 23 Nov 2026 08:12:45 GMT"))
            .Should().Be(TimeSpan.FromSeconds(45));
    }

    [Fact]
    public void Read_RetryAfterMs_WinsOverRetryAfterSeconds()
    {
        ErrorAnswers.RetryAfter(Now, ProviderVendor.AzureOpenAI, null, ("retry-after", "6"), ("retry-after-ms", "5400"))
            .Should().Be(TimeSpan.FromMilliseconds(5400));
    }

    [Theory]
    [InlineData("6ms", 0.006)]
    [InlineData("1s", 1)]
    [InlineData("1.5s", 1.5)]
    [InlineData("6m0s", 360)]
    [InlineData("1h2m3s", 3723)]
    [InlineData("17.5", 17.5)]
    public void GoDuration_OpenAIResetValues_AreRead(string text, double seconds)
    {
        RetryHints.GoDuration(text).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("6 minutes")]
    [InlineData("-1s")]
    public void GoDuration_NotADuration_IsNull(string? text)
    {
        RetryHints.GoDuration(text).Should().BeNull();
    }

    [Fact]
    public void Read_OpenAIResets_TakesTheDimensionThatRanOut()
    {
        var tokensRanOut = ErrorAnswers.RetryAfter(
            Now,
            ProviderVendor.Other,
            null,
            ("x-ratelimit-reset-requests", "12ms"),
            ("x-ratelimit-reset-tokens", "6m0s"),
            ("x-ratelimit-remaining-requests", "4999"),
            ("x-ratelimit-remaining-tokens", "0"));
        var requestsRanOut = ErrorAnswers.RetryAfter(
            Now,
            ProviderVendor.Other,
            null,
            ("x-ratelimit-reset-requests", "8.64s"),
            ("x-ratelimit-reset-tokens", "6m0s"),
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-remaining-tokens", "150000"));

        tokensRanOut.Should().Be(TimeSpan.FromMinutes(6));
        requestsRanOut.Should().Be(TimeSpan.FromSeconds(8.64));
    }

    [Fact]
    public void Read_OpenAIResetsWithoutRemainingCounts_TakesTheSoonerReset()
    {
        ErrorAnswers.RetryAfter(Now, ProviderVendor.Other, null, ("x-ratelimit-reset-requests", "2s"), ("x-ratelimit-reset-tokens", "1m"))
            .Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Read_AnthropicRfc3339Resets_TakesTheSoonestFutureReset()
    {
        var wait = ErrorAnswers.RetryAfter(
            Now,
            ProviderVendor.Anthropic,
            null,
            ("anthropic-ratelimit-input-tokens-reset", "2026-11-23T08:12:20Z"),
            ("anthropic-ratelimit-output-tokens-reset", "2026-11-23T08:13:00Z"));

        wait.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Read_AnthropicResetInThePast_IsNoHint()
    {
        ErrorAnswers.RetryAfter(Now, ProviderVendor.Anthropic, null, ("anthropic-ratelimit-requests-reset", "2026-11-23T08:11:00Z"))
            .Should().BeNull("a wait that is already over tells the user nothing");
    }

    [Fact]
    public void Read_GeminiRetryInfo_IsTheRetryDelay()
    {
        const string Body = """
            [{"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"38s"}]}}]
            """;

        ErrorAnswers.RetryAfter(Now, ProviderVendor.Gemini, Body).Should().Be(TimeSpan.FromSeconds(38));
    }

    [Fact]
    public void Read_GeminiPleaseRetryInText_IsThatWait()
    {
        const string Body = """[{"error":{"code":429,"message":"Quota exceeded for metric: x, limit: 5\nPlease retry in 38.6s.","status":"RESOURCE_EXHAUSTED"}}]""";

        ErrorAnswers.RetryAfter(Now, ProviderVendor.Gemini, Body).Should().Be(TimeSpan.FromSeconds(38.6));
    }

    [Fact]
    public void Read_AzurePleaseRetryAfterText_IsThatWait()
    {
        const string Body = """{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded token rate limit. Please retry after 13 seconds."}}""";

        ErrorAnswers.RetryAfter(Now, ProviderVendor.AzureOpenAI, Body).Should().Be(TimeSpan.FromSeconds(13));
    }

    [Fact]
    public void Read_OpenRouterResetEpochMilliseconds_IsTheTimeUntilThen()
    {
        var reset = Now.AddSeconds(42).ToUnixTimeMilliseconds();
        var body = """{"error":{"message":"Rate limit exceeded: free-models-per-min.","code":429,"metadata":{"headers":{"X-RateLimit-Limit":"20","X-RateLimit-Remaining":"0","X-RateLimit-Reset":"RESET"}}}}"""
            .Replace("RESET", reset.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        ErrorAnswers.RetryAfter(Now, ProviderVendor.OpenRouter, body).Should().Be(TimeSpan.FromSeconds(42));
    }

    [Fact]
    public void Read_HeaderWinsOverBodyHints()
    {
        const string Body = """{"error":{"message":"Please retry after 13 seconds."}}""";

        ErrorAnswers.RetryAfter(Now, ProviderVendor.AzureOpenAI, Body, ("retry-after", "7")).Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void Read_AbsurdWait_IsCappedAtSevenDays()
    {
        ErrorAnswers.RetryAfter(Now, ProviderVendor.Other, null, ("retry-after", "99999999")).Should().Be(TimeSpan.FromDays(7));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("")]
    public void Read_UselessRetryAfter_IsNoHint(string value)
    {
        ErrorAnswers.RetryAfter(Now, ProviderVendor.Other, null, ("retry-after", value)).Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<html><body>429 Too Many Requests</body></html>")]
    [InlineData("""{"error":{"message":"Too many requests"}}""")]
    public void Read_NoHintAnywhere_IsNull(string? body)
    {
        ErrorAnswers.RetryAfter(Now, ProviderVendor.Other, body).Should().BeNull();
    }
}
