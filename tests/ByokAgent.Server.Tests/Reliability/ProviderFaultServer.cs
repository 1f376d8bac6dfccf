using ByokAgent.Agents.Plugins;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Sessions;
using ByokAgent.Testing;
using ByokAgent.Testing.Faults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>
/// One server for the whole fault table (a server per case would cost most of the time budget): short provider
/// timeouts and one fast retry, a store whose commits can be made to fail, and the faulty tools as a plugin.
/// </summary>
public sealed class ProviderFaultServer : IAsyncLifetime
{
    private ServerFactory _factory = null!;

    public FakeProvider Fake { get; private set; } = null!;

    public ServerFactory Server => _factory;

    /// <summary>The tools new sessions get; replaced per test so each sees its own hang signal.</summary>
    public FaultyTools Tools { get; set; } = new();

    public CommitFailingSessionStore Store => (CommitFailingSessionStore)_factory.Services.GetRequiredService<ISessionStore>();

    public async Task InitializeAsync()
    {
        Fake = await FakeProvider.StartAsync();
        _factory = ServerFactory.With(new Dictionary<string, string?>(ProviderFault.Settings), services: services =>
        {
            CommitFailingSessionStore.Decorate(services);
            services.AddSingleton(new AgentPluginRegistration("faulty", _ => KernelPluginFactory.CreateFromObject(Tools, "faulty")));
        });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
