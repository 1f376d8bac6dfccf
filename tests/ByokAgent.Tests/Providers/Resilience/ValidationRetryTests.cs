using ByokAgent.Providers;
using ByokAgent.Providers.Validation;
using ByokAgent.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>
/// Validation keeps its own rule under the shared loop: no retries (its settings say zero, whatever MaxRetries is), except
/// its one retry of a reset connection.
/// </summary>
public sealed class ValidationRetryTests : IDisposable
{
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => _testTimeout.Token;

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task ValidateAsync_OneConnectionReset_IsRetriedOnceAndValid()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        using var proxy = ResettingProxy.Start(host.Fake.BaseUri, resets: 1);
        host.Fake.Enqueue(FakeReply.Text("pong"));

        var result = await Validator(host).ValidateAsync(AnthropicAt(host, proxy), cancellationToken: Timeout);

        result.IsValid.Should().BeTrue(result.Message);
        proxy.Resets.Should().Be(1);
        host.Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ValidateAsync_RateLimited_IsNotRetriedEvenWithMaxRetriesSet()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        host.Fake.Enqueue(
            FakeReply.Error(429, """{"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}""").WithHeader("retry-after-ms", "10"),
            FakeReply.Text("never sent"));

        var result = await Validator(host).ValidateAsync(host.Config("anthropic", string.Empty, "claude-test-4-5"), cancellationToken: Timeout);

        result.Failure.Should().Be(ProviderFailure.RateLimited);
        host.Fake.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ValidateAsync_ResetTwice_FailsAfterItsOneRetry()
    {
        await using var host = await ResilienceTestHost.StartAsync(Timeout);
        using var proxy = ResettingProxy.Start(host.Fake.BaseUri, resets: 3);

        var result = await Validator(host).ValidateAsync(AnthropicAt(host, proxy), cancellationToken: Timeout);

        result.Failure.Should().Be(ProviderFailure.Unreachable);
        proxy.Resets.Should().Be(2, "validation retries a reset once, and the shared loop adds nothing");
    }

    private static IModelValidator Validator(ResilienceTestHost host) => host.Runtime.Services.GetRequiredService<IModelValidator>();

    private static ModelConfig AnthropicAt(ResilienceTestHost host, ResettingProxy proxy) =>
        host.Config("anthropic", string.Empty, "claude-test-4-5") with { ApiHost = proxy.Through(host.Fake.BaseUri).ToString() };
}
