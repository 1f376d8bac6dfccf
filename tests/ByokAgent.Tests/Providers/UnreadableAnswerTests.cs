using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;

namespace ByokAgent.Tests.Providers;

/// <summary>An answer that arrives but cannot be read fails the turn as a provider error, never as "unexpected".</summary>
public sealed class UnreadableAnswerTests : IAsyncLifetime
{
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _host = TestRuntime.Create();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_MalformedJson_IsAProviderErrorAndHistoryIsUnchanged()
    {
        _fake.Enqueue(FakeReply.Error(200, "{\"id\":\"chatcmpl-1\",\"choices\":[{"));
        var session = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));

        var error = (await session.Invoking(s => s.RunAsync("hi")).Should().ThrowAsync<ProviderException>()).Which;

        error.Message.Should().StartWith("OpenAI sent an answer that could not be read");
        session.History.Should().BeEmpty();
    }

    [Fact]
    public async Task RunStreamingAsync_MalformedChunk_EndsWithAProviderErrorEvent()
    {
        _fake.Enqueue(FakeReply.Error(200, "data: {\"id\":\"c\",\"choices\":[{\"delta\":\n\ndata: [DONE]\n\n", contentType: "text/event-stream"));
        var session = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));

        var events = new List<AgentEvent>();
        await foreach (var agentEvent in session.RunStreamingAsync("hi"))
        {
            events.Add(agentEvent);
        }

        var error = events.Should().ContainSingle().Which.Should().BeOfType<AgentErrorEvent>().Subject;
        error.Code.Should().Be(AgentErrorCodes.ProviderError);
        error.Message.Should().StartWith("OpenAI sent an answer that could not be read");
    }
}
