using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Providers.Quirks;

/// <summary>A FakeProvider and the real runtime for replaying one provider's recorded shapes, through a chat client or a whole agent turn.</summary>
internal sealed class QuirkHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private QuirkHost(FakeProvider fake, TestRuntime runtime)
    {
        Fake = fake;
        Runtime = runtime;
    }

    public FakeProvider Fake { get; }

    public TestRuntime Runtime { get; }

    /// <summary>Guards every call: a hang fails the test instead of blocking the run.</summary>
    public CancellationToken Timeout => _timeout.Token;

    public static async Task<QuirkHost> StartAsync() => new(await FakeProvider.StartAsync(), TestRuntime.Create());

    /// <summary>The recorded response <c>shared/fixtures/providers/{provider}/{file}</c>.</summary>
    public static FakeReply Fixture(string provider, string file) => FakeReply.FromFile(SharedFixtures.ProviderFixture(provider, file));

    /// <summary>A config for <paramref name="provider"/> whose host has the real provider's path on the fake's address.</summary>
    public ModelConfig Config(string provider, string model = "gpt-test") => TestRuntime.ConfigFor(Fake, provider, model) with
    {
        ApiHost = ProviderCatalog.Get(provider).DefaultHost is { } host ? new Uri(Fake.BaseUri, host.AbsolutePath).ToString() : Fake.OpenAIBaseUri.ToString(),
    };

    public IChatClient ChatClient(ModelConfig config) => Runtime.Services.GetRequiredService<IChatClientFactory>().Create(config);

    public Task<AgentSession> SessionAsync(ModelConfig config, params KernelPlugin[] plugins) =>
        Runtime.Runtime.CreateSessionAsync(config, plugins, Timeout);

    /// <summary>The JSON messages of the <paramref name="index"/>th request the fake received.</summary>
    public System.Text.Json.Nodes.JsonArray Messages(int index) => Fake.Requests[index].Json!["messages"]!.AsArray();

    public async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client, string prompt = "go")
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(prompt, cancellationToken: Timeout))
        {
            updates.Add(update);
        }

        return updates;
    }

    public async Task<List<AgentEvent>> CollectAsync(IAsyncEnumerable<AgentEvent> events)
    {
        var list = new List<AgentEvent>();
        await foreach (var agentEvent in events.WithCancellation(Timeout))
        {
            list.Add(agentEvent);
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await Fake.DisposeAsync();
        _timeout.Dispose();
    }
}
