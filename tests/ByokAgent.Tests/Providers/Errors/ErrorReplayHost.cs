using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>A FakeProvider and the real runtime, for sending one chat through a provider's real client and catching what it throws.</summary>
internal sealed class ErrorReplayHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private ErrorReplayHost(FakeProvider fake, TestRuntime runtime)
    {
        Fake = fake;
        Runtime = runtime;
    }

    public FakeProvider Fake { get; }

    public TestRuntime Runtime { get; }

    /// <summary>Guards every call: a hang fails the test instead of blocking the run.</summary>
    public CancellationToken Timeout => _timeout.Token;

    public static async Task<ErrorReplayHost> StartAsync() => new(await FakeProvider.StartAsync(), TestRuntime.Create());

    /// <summary>The provider's real chat client (from <see cref="IChatClientFactory"/>) for <paramref name="target"/> on the fake.</summary>
    public IChatClient ChatClient(ProviderTarget target)
    {
        target.Arrange(Fake);
        return Runtime.Services.GetRequiredService<IChatClientFactory>().Create(target.ConfigFor(Fake));
    }

    /// <summary>Every request, whatever its route, is answered with <paramref name="reply"/>.</summary>
    public void AnswerEverything(FakeReply reply) => Fake.Intercept = _ => reply;

    /// <summary>Sends one chat as <paramref name="target"/>, which must fail, and returns the provider exception.</summary>
    public async Task<ProviderException> ChatFailureAsync(ProviderTarget target, bool streaming = false)
    {
        var client = ChatClient(target);
        Func<Task> chat = streaming
            ? async () =>
            {
                await foreach (var update in client.GetStreamingResponseAsync("ping", cancellationToken: Timeout))
                {
                    _ = update;
                }
            }
            : () => client.GetResponseAsync("ping", cancellationToken: Timeout);
        return (await chat.Should().ThrowExactlyAsync<ProviderException>()).Which;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Fake.DisposeAsync();
        _timeout.Dispose();
    }
}
