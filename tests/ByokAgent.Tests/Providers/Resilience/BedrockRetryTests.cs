using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;
using ByokAgent.Tests.Providers.Bedrock;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>Bedrock's client goes through the same shared retry loop (its own loop is set to zero by the factory).</summary>
public sealed class BedrockRetryTests : IDisposable
{
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => _testTimeout.Token;

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task ThrottledThenSuccess_IsRetriedByTheSharedLoop()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(BedrockReplies.Error(429, "ThrottlingException", "Too many requests, please wait before trying again."), FakeReply.Text("second time lucky"));

        var response = await host.Client(BedrockConfigs.SigV4(host.Fake)).GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("second time lucky");
        host.Fake.Requests.Should().HaveCount(2);
        host.RetryLogs.Should().ContainSingle().Which.Should().Contain("bedrock call attempt 1 of 3 failed (429)");
    }

    [Theory]
    [InlineData(403, "UnrecognizedClientException", "The security token included in the request is invalid.", ProviderFailure.InvalidKey)]
    [InlineData(400, "ValidationException", "The provided model identifier is invalid.", ProviderFailure.InvalidModel)]
    [InlineData(429, "ThrottlingException", "Too many tokens per day, please wait before trying again.", ProviderFailure.QuotaExceeded)]
    public async Task KeyModelOrQuotaErrors_AreNeverRetried(int status, string type, string message, ProviderFailure failure)
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(BedrockReplies.Error(status, type, message), FakeReply.Text("never sent"));

        var call = () => host.Client(BedrockConfigs.SigV4(host.Fake)).GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.Failure.Should().Be(failure);
        host.Fake.Requests.Should().ContainSingle();
    }
}
