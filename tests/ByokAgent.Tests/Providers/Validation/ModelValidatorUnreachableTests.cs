using System.Diagnostics;
using ByokAgent.Providers;
using ByokAgent.Tests.Providers.Errors;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>
/// No HTTP answer at all (nothing listening, a host that does not resolve, a server that accepts and then says nothing)
/// is <see cref="ProviderFailure.Unreachable"/> for every provider, and the validation timeout ends a hang quickly.
/// </summary>
public sealed class ModelValidatorUnreachableTests : IAsyncLifetime
{
    private static readonly TimeSpan ValidationTimeout = TimeSpan.FromSeconds(1);

    private ValidationHost _host = null!;

    public static TheoryData<string> Providers => new(ProviderTargets.All.Select(target => target.Id));

    /// <summary>One provider per HTTP stack: the hand-written GETs, the OpenAI SDK (also on Azure's paths), the Anthropic SDK, the Bedrock client.</summary>
    public static TheoryData<string> OnePerHttpStack => new("deepseek", "orcarouter", "azure-openai", "anthropic", "bedrock");

    public async Task InitializeAsync() => _host = await ValidationHost.StartAsync(ValidationTimeout);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ValidateAsync_NothingListensOnThePort_IsUnreachableConnectionRefused(string provider)
    {
        var target = ProviderTargets.Get(provider);
        var root = ClosedPort.Root();

        var result = await _host.ValidateAsync(target.ConfigAt(root));

        result.Failure.Should().Be(ProviderFailure.Unreachable);
        result.Message.Should().Be($"Could not reach {target.DisplayName} at http://{root.Authority}: connection refused.");
        result.StatusCode.Should().BeNull();
        result.IsValid.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ValidateAsync_HostDoesNotResolve_IsUnreachable(string provider)
    {
        var target = ProviderTargets.Get(provider);

        var result = await _host.ValidateAsync(target.ConfigAt(new Uri("http://byok-test.invalid/")));

        result.Failure.Should().Be(ProviderFailure.Unreachable);
        result.Message.Should().Be($"Could not reach {target.DisplayName} at http://byok-test.invalid: the host name does not resolve.");
        result.StatusCode.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(OnePerHttpStack))]
    public async Task ValidateAsync_ServerAcceptsButNeverAnswers_TimesOutAsUnreachable(string provider)
    {
        var target = ProviderTargets.Get(provider);
        using var server = HangingServer.Start();
        var clock = Stopwatch.StartNew();

        var result = await _host.ValidateAsync(target.ConfigAt(server.Root));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the 1 s validation timeout ends the wait, not the test's own guard");
        server.Accepted.IsCompletedSuccessfully.Should().BeTrue("the connection was made; only the answer never came");
        result.Failure.Should().Be(ProviderFailure.Unreachable);
        result.Message.Should().Be($"Could not reach {target.DisplayName} at http://{server.Root.Authority}: no answer within 1 s.");
        result.StatusCode.Should().BeNull();
    }

    [Fact]
    public async Task ValidateAsync_LocalServerNotRunning_HintsAtTheServer()
    {
        var result = await _host.ValidateAsync(ProviderTargets.Get("openai-compatible").ConfigAt(ClosedPort.Root()));

        result.Failure.Should().Be(ProviderFailure.Unreachable);
        result.Hint.Should().Be("Is the server running, and is the host and port right?");
    }

    [Fact]
    public async Task ValidateAsync_CallerCancels_IsACancellationNotAResult()
    {
        using var server = HangingServer.Start();
        using var cancel = new CancellationTokenSource();
        var validation = _host.Validator.ValidateAsync(ProviderTargets.Get("openai").ConfigAt(server.Root), cancellationToken: cancel.Token);
        await server.Accepted.WaitAsync(_host.Timeout);

        await cancel.CancelAsync();

        await validation.Invoking(async task => await task).Should().ThrowAsync<OperationCanceledException>();
    }
}
