using System.Net;
using ByokAgent.Agents.Plugins;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Server.Tests;

/// <summary>Faults inside the server answer in the API's shape, say nothing about their insides, and lose nothing.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private const string Secret = "the fault must not echo OPAL-KESTREL-19";

    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task UnexpectedFault_Is500InternalError_WithNoDetails_AndTheServerKeepsServing()
    {
        var failing = 1;
        await using var factory = ServerFactory.With(new Dictionary<string, string?>(), services: services =>
            services.AddSingleton(new AgentPluginRegistration("faulty", _ =>
                Interlocked.Exchange(ref failing, 0) == 1 ? throw new InvalidOperationException($"plugin bug {Secret}") : null)));
        var project = await factory.CreateProjectOnAsync(_fake);

        var error = await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("hello"))).ShouldBeErrorAsync(HttpStatusCode.InternalServerError, "internal_error");
        error.ToJsonString().Should().NotContain(Secret).And.NotContain("InvalidOperationException").And.NotContain(" at ");
        factory.Logs.AllText.Should().Contain("InvalidOperationException").And.NotContain(Secret);

        _fake.Enqueue(FakeReply.Text("still here"));
        (await (await project.Client.PostAsync("/v1/agent", ApiJson.Turn("again"))).ShouldBeAsync(HttpStatusCode.OK)).Text("message").Should().Be("still here");
    }
}
