using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Providers.Quirks;

/// <summary>
/// Recorded stream shapes of the OpenAI family that the SDK stack already reads right, replayed so an upgrade that
/// breaks them fails here (shared/wire.md section 2). Azure's empty first chunk is covered in the Azure tests.
/// </summary>
public sealed class OpenAIFamilyStreamShapesTests : IAsyncLifetime
{
    private readonly FixtureTools _tools = new();
    private QuirkHost _host = null!;

    public async Task InitializeAsync() => _host = await QuirkHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetStreamingResponseAsync_OpenRouterUsageAfterTheFinishChunk_IsReported()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("openrouter", "stream_tool_call.http"));

        var updates = await _host.StreamAsync(_host.ChatClient(_host.Config("openrouter", "openai/gpt-4o-mini")));

        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle().Subject.Details;
        (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount).Should().Be((1459, 49, 1508));
        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        (call.CallId, call.Name, call.Arguments!["symbol"]!.ToString()).Should().Be(("call_EkEAi8FSp8St8OBEmE8pZDuC", "get_fundamental_data", "BA"));
    }

    [Fact]
    public async Task RunStreamingAsync_OpenRouterUsageAfterTheFinishChunk_CountsInTheTurn()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("openrouter", "stream_tool_call.http"), FakeReply.Text("Boeing data.").WithUsage(1600, 10));
        var session = await _host.SessionAsync(_host.Config("openrouter"), _tools.Tool("get_fundamental_data", "symbol"));

        var events = await _host.CollectAsync(session.RunStreamingAsync("Fundamentals of BA?", _host.Timeout));

        _tools.Calls.Should().Equal("get_fundamental_data(BA)");
        events.OfType<AgentDoneEvent>().Single().Result.Usage.Should().Be(new AgentUsage(1459 + 1600, 49 + 10, 1508 + 1610));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DashScopeContinuationsWithEmptyIds_KeepTheFirstIdAndAllArguments()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("qwen", "stream_tool_call.http"));

        var updates = await _host.StreamAsync(_host.ChatClient(_host.Config("qwen", "qwen-plus")));

        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        (call.CallId, call.Name, call.Arguments!["location"]!.ToString()).Should().Be(("call_8f08d2b0fc0c4d8fab7123", "get_current_weather", "Hangzhou"));
        updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details.TotalTokenCount.Should().Be(284);
    }

    [Fact]
    public async Task RunStreamingAsync_DashScopeContinuationsWithEmptyIds_ResultGoesBackUnderTheFirstId()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("qwen", "stream_tool_call.http"), FakeReply.Text("Sunny."));
        var session = await _host.SessionAsync(_host.Config("qwen", "qwen-plus"), _tools.Tool("get_current_weather", "location"));

        var events = await _host.CollectAsync(session.RunStreamingAsync("Weather in Hangzhou?", _host.Timeout));

        _tools.Calls.Should().Equal("get_current_weather(Hangzhou)");
        events.OfType<AgentToolEndEvent>().Single().Call.Id.Should().Be("call_8f08d2b0fc0c4d8fab7123");
        var followUp = _host.Messages(1);
        followUp.Single(m => m!["tool_calls"] is not null)!["tool_calls"]![0]!["id"]!.GetValue<string>().Should().Be("call_8f08d2b0fc0c4d8fab7123");
        followUp.Single(m => m!["role"]!.GetValue<string>() == "tool")!["tool_call_id"]!.GetValue<string>().Should().Be("call_8f08d2b0fc0c4d8fab7123");
    }
}
