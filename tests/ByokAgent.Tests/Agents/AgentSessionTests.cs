using System.Text.Json.Nodes;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Agents;

public sealed class AgentSessionTests : IAsyncLifetime
{
    private readonly WeatherPlugin _weather = new();
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _host = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Agent:MaxToolRounds"] = "2" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_PlainReply_ReturnsTextUsageAndModel()
    {
        _fake.Enqueue(FakeReply.Text("Hello there, friend.").WithUsage(12, 5));
        var session = await CreateSessionAsync();

        var result = await session.RunAsync("Say hello");

        result.Text.Should().Be("Hello there, friend.");
        result.Usage.Should().Be(new AgentUsage(12, 5, 17));
        result.ToolCalls.Should().BeEmpty();
        (result.Provider, result.Model, result.SessionId).Should().Be(("openai", "gpt-test", session.Id));
    }

    [Fact]
    public async Task RunAsync_SendsRenderedSystemPromptFirst_AndNoToolsWithoutPlugins()
    {
        _fake.Enqueue(FakeReply.Text("ok"));
        await using var host = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Agent:ClockTool"] = "false" });
        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));

        await session.RunAsync("hi");

        var messages = _fake.Requests.Single().Json!["messages"]!.AsArray();
        messages[0]!["role"]!.GetValue<string>().Should().Be("system");
        var system = messages[0]!["content"]!.ToString();
        system.Should().Contain("ByokAgent").And.Contain("OpenAI (gpt-test)").And.NotContain("{{$");
        system.Should().NotContain(TestRuntime.ApiKey);
        _fake.Requests.Single().Json!["tools"].Should().BeNull();
    }

    [Fact]
    public async Task RunAsync_ToolCall_RunsTheFunctionAndAnswersWithItsResult()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("weather_get_weather", """{"city":"Paris"}""", "call_1")).WithUsage(20, 4),
            FakeReply.Text("It is sunny in Paris.").WithUsage(30, 6));
        var session = await CreateSessionAsync();

        var result = await session.RunAsync("Weather in Paris?");

        result.Text.Should().Be("It is sunny in Paris.");
        _weather.Calls.Should().Be(1);
        var call = result.ToolCalls.Should().ContainSingle().Subject;
        call.Should().BeEquivalentTo(new { Id = "call_1", Name = "weather_get_weather", Result = "Sunny and 21 C in Paris", IsError = false });
        JsonNode.Parse(call.Arguments)!["city"]!.GetValue<string>().Should().Be("Paris");
        result.Usage.Should().Be(new AgentUsage(50, 10, 60), "usage is summed over both model calls");

        var followUp = _fake.Requests[1].Json!["messages"]!.AsArray();
        var toolMessage = followUp.Single(m => m!["role"]!.GetValue<string>() == "tool");
        toolMessage!["tool_call_id"]!.GetValue<string>().Should().Be("call_1");
        toolMessage["content"]!.ToString().Should().Contain("Sunny and 21 C in Paris");
    }

    [Fact]
    public async Task RunStreamingAsync_ToolCall_StreamsToolEventsThenTokensThenDone()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("weather_get_weather", """{"city":"Oslo"}""")),
            FakeReply.Text("Oslo is sunny today."));
        var session = await CreateSessionAsync();

        var events = await CollectAsync(session.RunStreamingAsync("Weather in Oslo?"));

        events.Select(e => e.Type).Distinct().Should().Equal("tool_start", "tool_end", "token", "done");
        events.OfType<AgentToolStartEvent>().Single().Arguments.Should().Contain("Oslo");
        events.OfType<AgentToolEndEvent>().Single().Call.Result.Should().Be("Sunny and 21 C in Oslo");
        string.Concat(events.OfType<AgentTokenEvent>().Select(t => t.Content)).Should().Be("Oslo is sunny today.");
        events.OfType<AgentTokenEvent>().Should().HaveCountGreaterThan(1, "the reply arrives in pieces");
        var done = events.OfType<AgentDoneEvent>().Single().Result;
        done.Text.Should().Be("Oslo is sunny today.");
        done.Usage.TotalTokens.Should().BeGreaterThan(0, "streamed turns report usage too");
        _fake.Requests.Should().OnlyContain(r => r.Json!["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RunAsync_SecondTurn_SendsTheWholeConversationIncludingToolMessages()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("weather_get_weather", """{"city":"Rome"}""", "call_r")),
            FakeReply.Text("Rome is sunny."),
            FakeReply.Text("You asked about Rome."));
        var session = await CreateSessionAsync();

        await session.RunAsync("Weather in Rome?");
        await session.RunAsync("What did I ask?");

        var roles = _fake.Requests[2].Json!["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>());
        roles.Should().Equal("system", "user", "assistant", "tool", "assistant", "user");
        session.History.Should().HaveCount(6);
    }

    [Fact]
    public async Task RunAsync_ProviderFails_ThrowsTypedErrorAndLeavesHistoryUnchanged()
    {
        _fake.Enqueue(FakeReply.Text("First answer."));
        var session = await CreateSessionAsync();
        await session.RunAsync("first");
        var before = session.History.Select(m => m.Content).ToList();

        _fake.Enqueue(FakeReply.Error(500, """{"error":{"message":"upstream exploded","type":"server_error"}}"""));
        var failing = () => session.RunAsync("second");

        var error = (await failing.Should().ThrowAsync<ProviderException>()).Which;
        (error.Failure, error.StatusCode).Should().Be((ProviderFailure.ProviderError, 500));
        error.ProviderMessage.Should().Be("upstream exploded");
        error.Message.Should().Be("OpenAI answered 500 InternalServerError: upstream exploded");
        session.History.Select(m => m.Content).Should().Equal(before);
    }

    [Fact]
    public async Task RunStreamingAsync_ProviderRejectsTheKey_EndsWithOneInvalidKeyErrorEventAndHistoryUnchanged()
    {
        _fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{TestRuntime.ApiKey}}}","code":"invalid_api_key"}}"""));
        var session = await CreateSessionAsync();

        var events = await CollectAsync(session.RunStreamingAsync("hi"));

        var error = events.Should().ContainSingle().Which.Should().BeOfType<AgentErrorEvent>().Subject;
        error.Code.Should().Be(AgentErrorCodes.ProviderError);
        error.Message.Should().Be(ProviderFailureMessages.InvalidKey);
        var exception = error.Exception.Should().BeOfType<ProviderException>().Subject;
        (exception.Failure, exception.StatusCode).Should().Be((ProviderFailure.InvalidKey, 401));
        exception.ProviderMessage.Should().Be("Incorrect API key provided: [redacted]", "the provider's words stay, scrubbed");
        session.History.Should().BeEmpty();
        _host.Logs.AllText.Should().NotContain(TestRuntime.ApiKey);
    }

    [Fact]
    public async Task RunStreamingAsync_StreamCutMidway_ReportsErrorAndKeepsHistory()
    {
        _fake.Enqueue(FakeReply.Text("one two three four five six seven").WithDropAfterChunks(2));
        var session = await CreateSessionAsync();

        var events = await CollectAsync(session.RunStreamingAsync("count"));

        events[^1].Should().BeOfType<AgentErrorEvent>();
        events.OfType<AgentDoneEvent>().Should().BeEmpty();
        session.History.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_ToolThrows_ModelGetsShortScrubbedMessage()
    {
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("weather_broken", "{}", "call_b")), FakeReply.Text("The tool failed."));
        var session = await CreateSessionAsync();

        var result = await session.RunAsync("break it");

        var call = result.ToolCalls.Single();
        call.IsError.Should().BeTrue();
        call.Result.Should().StartWith("Error: weather_broken failed: database password").And.Contain("[redacted]");
        var toolMessage = _fake.Requests[1].Json!["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool")!["content"]!.ToString();
        toolMessage.Should().NotContain(TestRuntime.ApiKey).And.NotContain("secret.cs").And.NotContain(" at ");
        result.Text.Should().Be("The tool failed.");
        _host.Logs.AllText.Should().NotContain(TestRuntime.ApiKey);
    }

    [Fact]
    public async Task RunAsync_PastToolRoundLimit_StopsCallingToolsAndAsksForAFinalAnswer()
    {
        var call = new FakeToolCall("weather_get_weather", """{"city":"Lima"}""");
        _fake.Enqueue(FakeReply.ToolCalls(call), FakeReply.ToolCalls(call), FakeReply.ToolCalls(call), FakeReply.Text("Lima: sunny."));
        var session = await CreateSessionAsync();

        var result = await session.RunAsync("Keep checking Lima");

        _weather.Calls.Should().Be(2, "MaxToolRounds is 2");
        result.Text.Should().Be("Lima: sunny.");
        _fake.Requests.Should().HaveCount(4);
        _fake.Requests[3].Json!["tool_choice"]!.ToString().Should().Be("none");
        result.ToolCalls.Should().HaveCount(2);
    }

    [Fact]
    public async Task RunStreamingAsync_PastToolRoundLimit_StillEndsWithAnAnswer()
    {
        var call = new FakeToolCall("weather_get_weather", """{"city":"Lima"}""");
        _fake.Enqueue(FakeReply.ToolCalls(call), FakeReply.ToolCalls(call), FakeReply.ToolCalls(call), FakeReply.Text("Lima: sunny."));
        var session = await CreateSessionAsync();

        var events = await CollectAsync(session.RunStreamingAsync("Keep checking Lima"));

        _weather.Calls.Should().Be(2);
        events.OfType<AgentDoneEvent>().Single().Result.Text.Should().Be("Lima: sunny.");
    }

    [Fact]
    public async Task RunAsync_WhileATurnRuns_IsRefusedAsBusy()
    {
        _fake.Enqueue(FakeReply.Text("slow").WithLatency(TimeSpan.FromSeconds(30)));
        var session = await CreateSessionAsync();
        using var stop = new CancellationTokenSource();

        var first = session.RunAsync("first", stop.Token);
        await _fake.WaitForRequestsAsync(1);
        var second = () => session.RunAsync("second");

        await second.Should().ThrowAsync<SessionBusyException>();
        await stop.CancelAsync();
        await first.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task RunStreamingAsync_Cancelled_ThrowsAndLeavesHistoryUnchanged()
    {
        _fake.Enqueue(FakeReply.Text("never").WithLatency(TimeSpan.FromSeconds(30)));
        var session = await CreateSessionAsync();
        using var stop = new CancellationTokenSource();

        var turn = CollectAsync(session.RunStreamingAsync("hi", stop.Token));
        await _fake.WaitForRequestsAsync(1);
        await stop.CancelAsync();

        await turn.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        session.History.Should().BeEmpty();

        _fake.Enqueue(FakeReply.Text("after"));
        (await session.RunAsync("again")).Text.Should().Be("after", "a cancelled turn frees the session");
    }

    [Fact]
    public async Task RunAsync_EmptyMessage_IsRejected()
    {
        var session = await CreateSessionAsync();

        await session.Invoking(s => s.RunAsync("  ")).Should().ThrowAsync<ArgumentException>();
        _fake.Requests.Should().BeEmpty();
    }

    private Task<AgentSession> CreateSessionAsync() =>
        _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake), [KernelPluginFactory.CreateFromObject(_weather, "weather")]);

    private static async Task<List<AgentEvent>> CollectAsync(IAsyncEnumerable<AgentEvent> events)
    {
        var list = new List<AgentEvent>();
        await foreach (var agentEvent in events)
        {
            list.Add(agentEvent);
        }

        return list;
    }
}
