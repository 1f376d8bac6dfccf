using ByokAgent.Agents;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Agents;

/// <summary>A key the provider rejects during a turn marks the stored config the session used, and only that one.</summary>
public sealed class KeyRejectionTests : IAsyncLifetime
{
    private const string Rejection = """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""";

    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;
    private IModelConfigStore _configs = null!;
    private string _projectId = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _host = TestRuntime.Create();
        _configs = _host.Services.GetRequiredService<IModelConfigStore>();
        _projectId = (await _host.Services.GetRequiredService<IProjectStore>().GetOrCreateDefaultAsync()).Id;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RejectedKey_MarksTheProjectsDefault_TheSessionUsed()
    {
        var stored = await _configs.AddAsync(_projectId, TestRuntime.ConfigFor(_fake, model: "m-1"), makeDefault: true);
        var session = await _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = _projectId });
        _fake.Enqueue(FakeReply.Error(401, Rejection));

        var act = () => session.RunAsync("hello");

        (await act.Should().ThrowAsync<ProviderException>()).Which.Failure.Should().Be(ProviderFailure.InvalidKey);
        var entry = (await _configs.ListAsync(_projectId)).Single(e => e.Id == stored.Id);
        entry.Status.Should().Be(ModelConfigStatus.Invalid);
        entry.StatusMessage.Should().Be(ProviderFailureMessages.InvalidKey);
    }

    [Fact]
    public async Task DefaultChangedSinceTheSessionOpened_NothingIsMarked()
    {
        var first = await _configs.AddAsync(_projectId, TestRuntime.ConfigFor(_fake, model: "m-1"), makeDefault: true);
        var session = await _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = _projectId });
        var second = await _configs.AddAsync(_projectId, TestRuntime.ConfigFor(_fake, model: "m-2"), makeDefault: true);
        _fake.Enqueue(FakeReply.Error(401, Rejection));

        var act = () => session.RunAsync("hello");

        await act.Should().ThrowAsync<ProviderException>();
        (await _configs.ListAsync(_projectId)).Select(e => e.Status).Should().OnlyContain(status => status != ModelConfigStatus.Invalid, $"{first.Id} is no longer the default and {second.Id} was not used");
    }

    [Fact]
    public async Task SessionOnAnExplicitConfig_MarksNothingStored()
    {
        await _configs.AddAsync(_projectId, TestRuntime.ConfigFor(_fake, model: "m-1"), makeDefault: true);
        var session = await _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = _projectId, ModelConfig = TestRuntime.ConfigFor(_fake, model: "m-1") });
        _fake.Enqueue(FakeReply.Error(401, Rejection));

        var act = () => session.RunAsync("hello");

        await act.Should().ThrowAsync<ProviderException>();
        (await _configs.ListAsync(_projectId)).Should().OnlyContain(e => e.Status != ModelConfigStatus.Invalid);
    }
}
