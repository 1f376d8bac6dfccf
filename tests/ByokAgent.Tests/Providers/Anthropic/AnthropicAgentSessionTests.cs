using System.ComponentModel;
using System.Text.Json.Nodes;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Providers.Anthropic;

/// <summary>A real <see cref="AgentRuntime"/> session on the Anthropic wire: the agent must not notice the provider.</summary>
public sealed class AnthropicAgentSessionTests : IAsyncLifetime
{
    private const string Model = "claude-sonnet-4-5";

    private readonly WeatherPlugin _weather = new();
    private readonly AccountPlugin _account = new();
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        // Without the built-in clock tool, so "no plugins" really means no tools on the wire.
        _host = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Agent:ClockTool"] = "false" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_TwoToolCallsAtOnce_RunsBothAndAnswersWithToolResultBlocks()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(
                new FakeToolCall("weather_get_weather", """{"city":"Paris"}""", "toolu_01Paris"),
                new FakeToolCall("weather_get_weather", """{"city":"Oslo"}""", "toolu_01Oslo")).WithUsage(120, 40),
            FakeReply.Text("Paris and Oslo are both sunny.").WithUsage(200, 9));
        var session = await CreateSessionAsync();

        var result = await session.RunAsync("Weather in Paris and Oslo?");

        result.Text.Should().Be("Paris and Oslo are both sunny.");
        (result.Provider, result.Model).Should().Be(("anthropic", Model));
        _weather.Calls.Should().Be(2);
        result.ToolCalls.Select(c => (c.Id, c.Name, c.Result)).Should().Equal(
            ("toolu_01Paris", "weather_get_weather", "Sunny and 21 C in Paris"),
            ("toolu_01Oslo", "weather_get_weather", "Sunny and 21 C in Oslo"));
        result.Usage.Should().Be(new AgentUsage(320, 49, 369), "usage is summed over both model calls");

        _fake.Requests.Should().HaveCount(2).And.OnlyContain(r =>
            r.Path == "/v1/messages" && r.Header("x-api-key") == TestRuntime.ApiKey && r.Header("Authorization") == null);
        var first = _fake.Requests[0].Json!;
        first["system"]!.ToJsonString().Should().Contain("ByokAgent").And.Contain($"Anthropic ({Model})").And.NotContain("{{$");
        first["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Contain("weather_get_weather");
        var followUp = _fake.Requests[1].Json!["messages"]!.AsArray();
        followUp.Select(m => m!["role"]!.GetValue<string>()).Should().Equal("user", "assistant", "user");
        followUp[1]!["content"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()).Should().Equal("toolu_01Paris", "toolu_01Oslo");
        var results = followUp[2]!["content"]!.AsArray();
        results.Select(b => b!["type"]!.GetValue<string>()).Should().Equal("tool_result", "tool_result");
        results.Select(b => b!["tool_use_id"]!.GetValue<string>()).Should().Equal("toolu_01Paris", "toolu_01Oslo");
        results[0]!["content"]!.ToJsonString().Should().Contain("Sunny and 21 C in Paris");
        results[1]!["content"]!.ToJsonString().Should().Contain("Sunny and 21 C in Oslo");
        session.History.Should().HaveCount(4, "user, assistant tool calls, tool results, reply");
    }

    [Fact]
    public async Task RunStreamingAsync_TwoToolCallsAtOnce_StreamsToolEventsTokensAndUsage()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(
                new FakeToolCall("weather_get_weather", """{"city":"Lima"}"""),
                new FakeToolCall("weather_get_weather", """{"city":"Quito"}""")).WithUsage(100, 30),
            FakeReply.Text("Lima and Quito are sunny today.").WithUsage(150, 8));
        var session = await CreateSessionAsync();

        var events = await CollectAsync(session.RunStreamingAsync("Weather in Lima and Quito?"));

        events.OfType<AgentToolStartEvent>().Select(e => e.Arguments).Should().SatisfyRespectively(
            lima => lima.Should().Contain("Lima"),
            quito => quito.Should().Contain("Quito"));
        events.OfType<AgentToolEndEvent>().Select(e => e.Call.Result).Should().Equal("Sunny and 21 C in Lima", "Sunny and 21 C in Quito");
        events.OfType<AgentTokenEvent>().Should().HaveCountGreaterThan(1, "the reply arrives in pieces");
        string.Concat(events.OfType<AgentTokenEvent>().Select(t => t.Content)).Should().Be("Lima and Quito are sunny today.");
        events[^1].Should().BeOfType<AgentDoneEvent>();
        var done = ((AgentDoneEvent)events[^1]).Result;
        done.Usage.Should().Be(new AgentUsage(250, 38, 288), "input from message_start, output from message_delta, once per call");
        _fake.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Json!["stream"]!.GetValue<bool>());
        var results = _fake.Requests[1].Json!["messages"]!.AsArray()[2]!["content"]!.AsArray();
        results.Select(b => b!["tool_use_id"]!.GetValue<string>()).Should().OnlyContain(id => id.StartsWith("toolu_01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PlainReply_IsTheSameResultShapeAsAnyProvider()
    {
        _fake.Enqueue(FakeReply.Text("Hello there, friend.").WithUsage(12, 5));
        var session = await _host.Runtime.CreateSessionAsync(Config());

        var result = await session.RunAsync("Say hello");

        result.Text.Should().Be("Hello there, friend.");
        result.Usage.Should().Be(new AgentUsage(12, 5, 17));
        result.ToolCalls.Should().BeEmpty();
        _fake.Requests.Single().Json!["tools"].Should().BeNull("no plugins, no tools");
    }

    [Fact]
    public async Task RunAsync_RecordedToolUseMessage_RunsTheToolAndAnswersItsId()
    {
        // Recorded: one tool_use block calling get_user_country with {} (messages_tool_use.http).
        _fake.Enqueue(
            FakeReply.FromFile(SharedFixtures.ProviderFixture("anthropic", "messages_tool_use.http")),
            FakeReply.Text("You are in Iceland.").WithUsage(470, 6));
        var session = await CreateSessionAsync();

        var result = await session.RunAsync("Where am I?");

        result.Text.Should().Be("You are in Iceland.");
        _account.CountryCalls.Should().Be(1);
        result.ToolCalls.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Id = "toolu_01X9wcHKKAZD9tBC711xipPa", Name = "get_user_country", Result = "Iceland", IsError = false });
        result.Usage.Should().Be(new AgentUsage(445 + 470, 23 + 6, 445 + 470 + 23 + 6));
        var toolResult = _fake.Requests[1].Json!["messages"]!.AsArray()[2]!["content"]![0]!;
        toolResult["tool_use_id"]!.GetValue<string>().Should().Be("toolu_01X9wcHKKAZD9tBC711xipPa");
    }

    [Fact]
    public async Task RunStreamingAsync_RecordedToolUseStream_ReassemblesArgumentsRunsTheToolAndCountsUsage()
    {
        // Recorded: text, then a tool_use whose input arrives as {"u / sern / ame / ": "holis / "} with padded lines, a
        // ping, and usage split between message_start and message_delta (stream_tool_use.http).
        _fake.Enqueue(
            FakeReply.FromFile(SharedFixtures.ProviderFixture("anthropic", "stream_tool_use.http")),
            FakeReply.Text("Your balance is 42 EUR.").WithUsage(700, 10));
        var session = await CreateSessionAsync();

        var events = await CollectAsync(session.RunStreamingAsync("What is my balance?"));

        events[^1].Should().BeOfType<AgentDoneEvent>();
        _account.BalanceUsers.Should().Equal("holis");
        var call = events.OfType<AgentToolEndEvent>().Should().ContainSingle().Subject.Call;
        (call.Id, call.Name, call.Result).Should().Be(("toolu_019P977krRPooroJpExQiG64", "get_user_balance", "42 EUR for holis"));
        JsonNode.Parse(call.Arguments)!["username"]!.GetValue<string>().Should().Be("holis");
        var text = string.Concat(events.OfType<AgentTokenEvent>().Select(t => t.Content));
        text.Should().StartWith("I'll check the account balance for you.").And.EndWith("Your balance is 42 EUR.");
        ((AgentDoneEvent)events[^1]).Result.Usage.Should().Be(new AgentUsage(616 + 700, 73 + 10, 616 + 700 + 73 + 10));
        var followUp = _fake.Requests[1].Json!["messages"]!.AsArray();
        followUp[1]!["content"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()).Should().Equal("text", "tool_use");
        followUp[2]!["content"]![0]!["tool_use_id"]!.GetValue<string>().Should().Be("toolu_019P977krRPooroJpExQiG64");
    }

    [Fact]
    public async Task RunStreamingAsync_ProviderOverloadedMidStream_EndsWithOneErrorEventAndHistoryUnchanged()
    {
        const string Body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01E\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"
            + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
        _fake.Enqueue(FakeReply.Error(200, Body, contentType: "text/event-stream"));
        var session = await CreateSessionAsync();

        var events = await CollectAsync(session.RunStreamingAsync("hi"));

        var error = events.Should().ContainSingle().Which.Should().BeOfType<AgentErrorEvent>().Subject;
        error.Code.Should().Be(AgentErrorCodes.ProviderError);
        error.Message.Should().Be("Anthropic answered 529: Overloaded");
        var exception = error.Exception.Should().BeOfType<ProviderException>().Subject;
        (exception.Failure, exception.StatusCode).Should().Be((ProviderFailure.ProviderError, 529), "an overload is the provider's trouble, worth a retry");
        exception.IsTransient.Should().BeTrue();
        session.History.Should().BeEmpty();
    }

    private static async Task<List<AgentEvent>> CollectAsync(IAsyncEnumerable<AgentEvent> events)
    {
        var list = new List<AgentEvent>();
        await foreach (var agentEvent in events)
        {
            list.Add(agentEvent);
        }

        return list;
    }

    private ModelConfig Config() => new()
    {
        Provider = "anthropic",
        ApiKey = TestRuntime.ApiKey,
        ApiHost = _fake.BaseUri.ToString(),
        Model = Model,
    };

    // The recorded tools are named get_user_country and get_user_balance; Semantic Kernel advertises "plugin_function",
    // so a plugin named "get" with functions "user_country" and "user_balance" answers to exactly those names.
    private Task<AgentSession> CreateSessionAsync() =>
        _host.Runtime.CreateSessionAsync(Config(), [KernelPluginFactory.CreateFromObject(_weather, "weather"), KernelPluginFactory.CreateFromObject(_account, "get")]);

    /// <summary>Answers the tools of the recorded Anthropic fixtures.</summary>
    private sealed class AccountPlugin
    {
        private readonly List<string> _balanceUsers = [];
        private int _countryCalls;

        public int CountryCalls => Volatile.Read(ref _countryCalls);

        public IReadOnlyList<string> BalanceUsers
        {
            get
            {
                lock (_balanceUsers)
                {
                    return [.. _balanceUsers];
                }
            }
        }

        [KernelFunction("user_country"), Description("Gets the user's country.")]
        public string UserCountry()
        {
            Interlocked.Increment(ref _countryCalls);
            return "Iceland";
        }

        [KernelFunction("user_balance"), Description("Gets a user's account balance.")]
        public string UserBalance([Description("The user name")] string username)
        {
            lock (_balanceUsers)
            {
                _balanceUsers.Add(username);
            }

            return $"42 EUR for {username}";
        }
    }
}
