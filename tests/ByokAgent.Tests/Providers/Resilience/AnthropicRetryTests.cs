using ByokAgent.Providers;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>The shared retry loop under the Anthropic SDK (whose own retries are off), over real HTTP against FakeProvider.</summary>
public sealed class AnthropicRetryTests : IDisposable
{
    private const string Overloaded = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_overloaded"}""";
    private const string RateLimited = """{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_limited"}""";

    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => _testTimeout.Token;

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task Overloaded529ThenSuccess_SucceedsWithTwoRequests()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(529, Overloaded), FakeReply.Text("back again"));

        var response = await host.Client(Config(host)).GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("back again");
        host.Fake.Requests.Should().HaveCount(2);
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain("anthropic call attempt 1 of 3 failed (529)");
    }

    [Fact]
    public async Task RateLimitWithRetryAfter_IsRetriedAfterTheHint()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(429, RateLimited).WithHeader("retry-after", "0.1"), FakeReply.Text("ok"));

        var response = await host.Client(Config(host)).GetStreamingResponseAsync("hi", cancellationToken: Timeout).ToChatResponseAsync(Timeout);

        response.Text.Should().Be("ok");
        host.Fake.Requests.Should().HaveCount(2);
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain("retrying in 100 ms (the provider's wait hint)");
    }

    [Fact]
    public async Task RetriesExhausted_ThrowTheRateLimitWithTheLastHint()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout, ("MaxRetries", "1"));
        var limited = FakeReply.Error(429, RateLimited).WithHeader("retry-after", "0.05");
        host.Fake.Enqueue(limited, limited, FakeReply.Text("never sent"));

        var call = () => host.Client(Config(host)).GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        error.Failure.Should().Be(ProviderFailure.RateLimited);
        error.RetryAfter.Should().Be(TimeSpan.FromMilliseconds(50));
        host.Fake.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(401, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""", ProviderFailure.InvalidKey)]
    [InlineData(404, """{"type":"error","error":{"type":"not_found_error","message":"model: claude-test-4-5"}}""", ProviderFailure.InvalidModel)]
    [InlineData(400, """{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."}}""", ProviderFailure.QuotaExceeded)]
    [InlineData(402, """{"type":"error","error":{"type":"billing_error","message":"Billing issue."}}""", ProviderFailure.QuotaExceeded)]
    public async Task KeyModelOrQuotaErrors_AreNeverRetried(int status, string body, ProviderFailure failure)
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(status, body), FakeReply.Text("never sent"));

        var call = () => host.Client(Config(host)).GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.Failure.Should().Be(failure);
        host.Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ServerSaysShouldNotRetry_IsNotRetried()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Error(500, """{"type":"error","error":{"type":"api_error","message":"Internal server error"}}""").WithHeader("x-should-retry", "false"), FakeReply.Text("never sent"));

        var call = () => host.Client(Config(host)).GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.StatusCode.Should().Be(500);
        host.Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task StreamCutMidway_IsNotRetried()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(FakeReply.Text("this reply never gets to the end of its sentence").WithDropAfterChunks(3), FakeReply.Text("a second copy"));

        var call = () => host.Client(Config(host)).GetStreamingResponseAsync("hi", cancellationToken: Timeout).ToChatResponseAsync(Timeout);

        await call.Should().ThrowAsync<ProviderException>();
        host.Fake.Requests.Should().ContainSingle();
        host.Fake.PendingReplies.Should().Be(1);
    }

    [Fact]
    public async Task MaxRetriesZero_SendsExactlyOnce_TheSdkDoesNotRetryByItself()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout, ("MaxRetries", "0"));
        host.Fake.Enqueue(FakeReply.Error(529, Overloaded), FakeReply.Text("never sent"));

        var call = () => host.Client(Config(host)).GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.StatusCode.Should().Be(529);
        host.Fake.Requests.Should().ContainSingle();
    }

    private static ModelConfig Config(ResilienceTestHost host) => host.Config("anthropic", string.Empty, "claude-test-4-5");
}
