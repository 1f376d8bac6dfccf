using System.Diagnostics;
using System.Globalization;
using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>
/// The shared retry loop (ProviderHttpClientPool's resilience handler) under the OpenAI SDK, over real HTTP against
/// FakeProvider: what is retried, after how long, and what never is.
/// </summary>
public sealed class OpenAIWireRetryTests : IDisposable
{
    private const string RateLimitBody = """{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
    private const string ServerErrorBody = """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""";

    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => _testTimeout.Token;

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task RateLimitWithRetryAfterSeconds_WaitsTheHintThenSucceeds()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(429, RateLimitBody).WithHeader("retry-after", "1"), FakeReply.Text("after the wait"));
        var clock = Stopwatch.StartNew();

        var response = await host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("after the wait");
        host.Fake.Requests.Should().HaveCount(2);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), "retry-after: 1 is honoured, not the 10 ms backoff");
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain("openai call attempt 1 of 3 failed (429); retrying in 1000 ms (the provider's wait hint)");
    }

    [Fact]
    public async Task RateLimitWithRetryAfterHttpDate_WaitsUntilThatTime()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        var at = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R", CultureInfo.InvariantCulture);
        host.Fake.Enqueue(FakeReply.Error(429, RateLimitBody).WithHeader("retry-after", at), FakeReply.Text("on time"));

        var response = await host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("on time");
        host.Fake.Requests.Should().HaveCount(2);
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain("(the provider's wait hint)");
    }

    [Fact]
    public async Task RateLimitWithRetryAfterMs_WaitsThoseMilliseconds()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(429, RateLimitBody).WithHeader("retry-after-ms", "150"), FakeReply.Text("ok"));

        var response = await host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("ok");
        host.Fake.Requests.Should().HaveCount(2);
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain("retrying in 150 ms (the provider's wait hint)");
    }

    [Fact]
    public async Task GeminiRateLimitWithRetryInfoInTheBody_WaitsTheBodyHint()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        const string body = """[{"error":{"code":429,"message":"You exceeded your current quota. Please retry in 0.2s.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.2s"}]}}]""";
        host.Fake.Enqueue(FakeReply.Error(429, body), FakeReply.Text("gemini again"));

        var response = await host.Client(host.Config("gemini", "v1beta/openai/", "gemini-test")).GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("gemini again");
        host.Fake.Requests.Should().HaveCount(2);
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain("retrying in 200 ms (the provider's wait hint)");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(529)]
    public async Task ServerErrorOrOverloadedThenSuccess_SucceedsWithTwoRequests(int status)
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(status, ServerErrorBody), FakeReply.Text("recovered"));

        var response = await host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("recovered");
        host.Fake.Requests.Should().HaveCount(2);
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain($"failed ({status}); retrying in").And.Contain("(backoff)");
    }

    [Fact]
    public async Task RateLimitBeforeAStreamStarts_IsRetriedAndTheStreamArrivesWhole()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(429, RateLimitBody).WithHeader("retry-after-ms", "20"), FakeReply.Text("streamed after a retry"));

        var response = await host.Client().GetStreamingResponseAsync("hi", cancellationToken: Timeout).ToChatResponseAsync(Timeout);

        response.Text.Should().Be("streamed after a retry");
        host.Fake.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task StreamCutMidway_IsNotRetried()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Text("this reply has many words and never reaches its end").WithDropAfterChunks(2), FakeReply.Text("a second copy"));
        var seen = new List<string>();

        var read = async () =>
        {
            await foreach (var update in host.Client().GetStreamingResponseAsync("hi", cancellationToken: Timeout))
            {
                seen.Add(update.Text);
            }
        };

        await read.Should().ThrowAsync<ProviderException>();
        host.Fake.Requests.Should().ContainSingle("text already reached the caller; a retry would repeat it");
        host.Fake.PendingReplies.Should().Be(1);
        string.Concat(seen).Should().NotContain("a second copy");
        host.RetryLogs.Should().BeEmpty();
    }

    [Theory]
    [InlineData(401, """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""", ProviderFailure.InvalidKey)]
    [InlineData(403, """{"error":{"message":"Invalid API key in request.","type":"auth_error"}}""", ProviderFailure.InvalidKey)]
    [InlineData(404, """{"error":{"message":"The model `gpt-test` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""", ProviderFailure.InvalidModel)]
    [InlineData(429, """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""", ProviderFailure.QuotaExceeded)]
    [InlineData(402, """{"error":{"message":"Insufficient Balance","type":"unknown_error"}}""", ProviderFailure.QuotaExceeded)]
    [InlineData(400, """{"error":{"message":"Invalid 'messages': empty array.","type":"invalid_request_error"}}""", ProviderFailure.ProviderError)]
    public async Task KeyModelQuotaOrRequestErrors_AreNeverRetried(int status, string body, ProviderFailure failure)
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(status, body).WithHeader("retry-after", "0"), FakeReply.Text("never sent"));

        var call = () => host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        error.Failure.Should().Be(failure);
        error.StatusCode.Should().Be(status);
        host.Fake.Requests.Should().ContainSingle();
        host.RetryLogs.Should().BeEmpty();
    }

    [Fact]
    public async Task GeminiDailyQuota429_IsNotRetried()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        const string body = """[{"error":{"code":429,"message":"You exceeded your current quota. Quota exceeded for metric: generate_content_free_tier_requests, limit: 0. Please retry in 0.1s.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}]""";
        host.Fake.Enqueue(FakeReply.Error(429, body), FakeReply.Text("never sent"));

        var call = () => host.Client(host.Config("gemini", "v1beta/openai/", "gemini-test")).GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.Failure.Should().Be(ProviderFailure.QuotaExceeded);
        host.Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task RetriesExhausted_ThrowTheClassifiedRateLimitWithItsHint()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        var limited = FakeReply.Error(429, RateLimitBody).WithHeader("retry-after-ms", "20");
        host.Fake.Enqueue(limited, limited, limited, FakeReply.Text("never sent"));

        var call = () => host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        error.Failure.Should().Be(ProviderFailure.RateLimited);
        error.StatusCode.Should().Be(429);
        error.RetryAfter.Should().Be(TimeSpan.FromMilliseconds(20));
        host.Fake.Requests.Should().HaveCount(3, "MaxRetries 2: the first attempt and two retries");
        host.RetryLogs.Should().HaveCount(2);
    }

    [Fact]
    public async Task WaitHintAboveTheCap_FailsAtOnceWithTheHint()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(429, RateLimitBody).WithHeader("retry-after", "120"), FakeReply.Text("never sent"));
        var clock = Stopwatch.StartNew();

        var call = () => host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a hint past MaxRetryDelay (5 s here) is not waited for");
        error.Failure.Should().Be(ProviderFailure.RateLimited);
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        host.Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task WaitHintLongerThanTheTimeLeft_FailsAtOnce()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout, ("RequestTimeout", "00:00:01"), ("TotalRequestTimeout", "00:00:02"));
        host.Fake.Enqueue(FakeReply.Error(429, RateLimitBody).WithHeader("retry-after", "3"), FakeReply.Text("never sent"));

        var call = () => host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
        host.Fake.Requests.Should().ContainSingle("3 s is under the 5 s cap, but past the 2 s total");
    }

    [Fact]
    public async Task AttemptWithoutAnswerInTime_IsRetried()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout, ("RequestTimeout", "00:00:01"));
        host.Fake.Enqueue(FakeReply.Text("too late").WithLatency(TimeSpan.FromMinutes(5)), FakeReply.Text("in time"));

        var response = await host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("in time");
        host.Fake.Requests.Should().HaveCount(2);
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain("(attempt timed out)");
    }

    [Fact]
    public async Task ConnectionResetBeforeTheAnswer_IsRetried()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        using var proxy = ResettingProxy.Start(host.Fake.BaseUri, resets: 1);
        host.Fake.Enqueue(FakeReply.Text("through a fresh connection"));
        var config = host.Config() with { ApiHost = proxy.Through(host.Fake.OpenAIBaseUri).ToString() };

        var response = await host.Client(config).GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("through a fresh connection");
        proxy.Resets.Should().Be(1);
        host.Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task MaxRetriesZero_SendsExactlyOnce_TheSdkDoesNotRetryByItself()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout, ("MaxRetries", "0"));
        host.Fake.Enqueue(FakeReply.Error(500, ServerErrorBody), FakeReply.Text("never sent"));

        var call = () => host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.StatusCode.Should().Be(500);
        host.Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task RetryLogs_NameProviderStatusAttemptAndWait_NeverTheKeyOrTheBody()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(500, ServerErrorBody), FakeReply.Text("ok"));

        await host.Client().GetResponseAsync("hi", cancellationToken: Timeout);

        host.RetryLogs.Should().ContainSingle().Which.Should().StartWith("Warning").And.MatchRegex(@"openai call attempt 1 of 3 failed \(500\); retrying in \d+ ms \(backoff\)");
        host.Runtime.Logs.AllText.Should().NotContain(TestRuntime.ApiKey).And.NotContain("The server had an error");
    }
}
