using System.Diagnostics;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Observability;

/// <summary>What an OTLP collector receives for real turns against FakeProvider: the trace shape, the metrics, and no content.</summary>
public sealed class TurnTelemetryTests : IAsyncLifetime
{
    private const string Tool = "otelweather_get_weather";
    private const string Message = "ORCHID-5521 what is the weather like?";
    private const string ToolArguments = """{"city":"Zanzibar-7Q"}""";
    private const string Reply = "Expect MARIGOLD-skies all afternoon.";

    // Listeners are process-wide: a model of its own keeps this test's metric points apart from other tests' turns.
    private readonly string _model = $"gpt-otel-{Guid.NewGuid():N}"[..20];
    private readonly WeatherPlugin _weather = new();
    private FakeProvider _fake = null!;
    private TelemetryCapture _telemetry = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _telemetry = TelemetryCapture.Start();
    }

    public async Task DisposeAsync()
    {
        await _telemetry.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_ToolRound_IsOneTraceWithTheTurnAsRootAndModelAndToolSpansUnderIt()
    {
        EnqueueToolRound();
        await using var session = await CreateSessionAsync();

        var result = await session.RunAsync(Message);

        result.ToolCalls.Should().ContainSingle();
        var root = _telemetry.TurnSpans(session.Id).Should().ContainSingle().Subject;
        root.ParentSpanId.Should().Be(default(ActivitySpanId), "the turn is the root of its trace");
        Tags(root).Should().Contain(new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = "invoke_agent",
            ["gen_ai.provider.name"] = "openai",
            ["gen_ai.request.model"] = _model,
            ["gen_ai.conversation.id"] = session.Id,
            ["byok.project.id"] = session.ProjectId,
            ["gen_ai.usage.input_tokens"] = 50L,
            ["gen_ai.usage.output_tokens"] = 10L,
            ["byok.turn.outcome"] = "ok",
        });

        var trace = _telemetry.TraceOf(root);
        var chats = trace.Where(s => Equals(s.GetTagItem("gen_ai.operation.name"), "chat")).OrderBy(s => s.StartTimeUtc).ToList();
        chats.Should().HaveCount(2, "a tool round is two requests to the model");
        chats.Should().OnlyContain(c => c.ParentSpanId == root.SpanId && c.Kind == ActivityKind.Client);
        chats.Select(c => c.GetTagItem("gen_ai.request.model")).Should().OnlyContain(m => Equals(m, _model));
        chats.Select(c => c.GetTagItem("gen_ai.usage.input_tokens")).Should().Equal(20, 30);
        chats.Select(c => c.GetTagItem("gen_ai.usage.output_tokens")).Should().Equal(4, 6);

        var tool = trace.Should().ContainSingle(s => Equals(s.GetTagItem("gen_ai.operation.name"), "execute_tool")).Subject;
        tool.DisplayName.Should().Be($"execute_tool {Tool}");
        tool.ParentSpanId.Should().Be(root.SpanId);
        (tool.GetTagItem("gen_ai.tool.name"), tool.GetTagItem("gen_ai.tool.call.id")).Should().Be((Tool, "call_otel"));
        tool.StartTimeUtc.Should().BeAfter(chats[0].StartTimeUtc).And.BeBefore(chats[1].StartTimeUtc);
        trace.Should().OnlyContain(s => s == root || s.ParentSpanId != default, "everything else nests under the turn");
    }

    [Fact]
    public async Task RunStreamingAsync_ToolRound_HasTheSameTraceShape()
    {
        EnqueueToolRound();
        await using var session = await CreateSessionAsync();

        var events = await CollectAsync(session.RunStreamingAsync(Message));

        events.Last().Should().BeOfType<AgentDoneEvent>();
        var root = _telemetry.TurnSpans(session.Id).Should().ContainSingle().Subject;
        root.GetTagItem("byok.turn.streaming").Should().Be(true);
        var trace = _telemetry.TraceOf(root);
        trace.Where(s => Equals(s.GetTagItem("gen_ai.operation.name"), "chat")).Should().HaveCount(2).And.OnlyContain(c => c.ParentSpanId == root.SpanId);
        trace.Should().ContainSingle(s => Equals(s.GetTagItem("gen_ai.operation.name"), "execute_tool")).Which.ParentSpanId.Should().Be(root.SpanId);
    }

    [Fact]
    public async Task Metrics_AfterTurns_CountTurnsTokensAndToolLatency()
    {
        EnqueueToolRound();
        _fake.Enqueue(FakeReply.Text("Second answer.").WithUsage(7, 3));
        await using var session = await CreateSessionAsync();

        await session.RunAsync(Message);
        await CollectAsync(session.RunStreamingAsync("and tomorrow?"));

        var model = ("gen_ai.request.model", (object)_model);
        _telemetry.Total("byok.agent.turns", model, ("byok.turn.outcome", "ok")).Should().Be(2);
        _telemetry.Total("byok.agent.tokens", model, ("gen_ai.token.type", "input")).Should().Be(20 + 30 + 7, "exactly what FakeProvider reported");
        _telemetry.Total("byok.agent.tokens", model, ("gen_ai.token.type", "output")).Should().Be(4 + 6 + 3);
        _telemetry.Total("byok.agent.tool.duration", ("gen_ai.tool.name", Tool)).Should().Be(1, "one tool call, one latency record");
        _telemetry.HistogramSum("byok.agent.tool.duration", ("gen_ai.tool.name", Tool)).Should().BeGreaterThan(0);
        _telemetry.Total("gen_ai.client.token.usage", model, ("gen_ai.token.type", "input")).Should().Be(3, "Microsoft.Extensions.AI records each model call");
        _telemetry.Total("gen_ai.client.operation.duration", model).Should().Be(3);
        _telemetry.Total("byok.agent.errors", model).Should().Be(0);
    }

    [Fact]
    public async Task ProviderRejectsTheKey_ErrorIsCountedByClassAndTheTurnSpanFailsWithItsCodeOnly()
    {
        _fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{TestRuntime.ApiKey}}}","code":"invalid_api_key"}}"""));
        await using var session = await CreateSessionAsync();

        var failing = () => session.RunAsync(Message);

        (await failing.Should().ThrowAsync<ProviderException>()).Which.Failure.Should().Be(ProviderFailure.InvalidKey);
        var model = ("gen_ai.request.model", (object)_model);
        _telemetry.Total("byok.agent.errors", model, ("error.type", AgentErrorCodes.ProviderError), ("byok.provider.failure", "invalid_key")).Should().Be(1);
        _telemetry.Total("byok.agent.turns", model, ("byok.turn.outcome", "error")).Should().Be(1);
        var root = _telemetry.TurnSpans(session.Id).Should().ContainSingle().Subject;
        (root.Status, root.StatusDescription).Should().Be((ActivityStatusCode.Error, AgentErrorCodes.ProviderError));
        root.GetTagItem("byok.provider.failure").Should().Be("invalid_key");
        var chat = _telemetry.TraceOf(root).Should().ContainSingle(s => Equals(s.GetTagItem("gen_ai.operation.name"), "chat")).Subject;
        chat.Status.Should().Be(ActivityStatusCode.Error);
        chat.StatusDescription.Should().NotContain("Incorrect API key", "exception messages never reach an exporter");
    }

    [Theory]
    [InlineData("gemini", "gcp.gemini")]
    [InlineData("deepseek", "deepseek")]
    [InlineData("openai", "openai")]
    public async Task ModelCallSpans_NameTheCatalogProvider_NotTheSdkUnderneath(string provider, string expected)
    {
        _fake.Enqueue(FakeReply.Text(Reply).WithUsage(5, 1));
        await using var session = await _telemetry.Host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake, provider, _model));

        await session.RunAsync(Message);

        var root = _telemetry.TurnSpans(session.Id).Should().ContainSingle().Subject;
        var chat = _telemetry.TraceOf(root).Should().ContainSingle(s => Equals(s.GetTagItem("gen_ai.operation.name"), "chat")).Subject;
        chat.GetTagItem("gen_ai.provider.name").Should().Be(expected, "every OpenAI-compatible provider goes through the OpenAI SDK");
        root.GetTagItem("gen_ai.provider.name").Should().Be(expected);
    }

    [Fact]
    public async Task EverythingExported_HoldsNoMessageToolArgumentsResultsOrKey()
    {
        EnqueueToolRound();
        EnqueueToolRound();
        _fake.Enqueue(FakeReply.Error(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{TestRuntime.ApiKey}}} for {{{Message}}}","code":"invalid_api_key"}}"""));
        await using var session = await CreateSessionAsync();

        await session.RunAsync(Message);
        await CollectAsync(session.RunStreamingAsync(Message));
        await CollectAsync(session.RunStreamingAsync(Message));

        _weather.Calls.Should().Be(2);
        var exported = _telemetry.AllExportedText();
        exported.Should().Contain("invoke_agent").And.Contain("execute_tool").And.Contain(_model, "the search covers the real export");
        exported.Should().NotContain("ORCHID-5521", "no message text")
            .And.NotContain("Zanzibar-7Q", "no tool arguments")
            .And.NotContain("Sunny and 21 C", "no tool results")
            .And.NotContain("MARIGOLD", "no reply text")
            .And.NotContain(TestRuntime.ApiKey, "never a key")
            .And.NotContain("Incorrect API key provided", "no provider error bodies");
    }

    private void EnqueueToolRound() => _fake.Enqueue(
        FakeReply.ToolCalls(new FakeToolCall(Tool, ToolArguments, "call_otel")).WithUsage(20, 4),
        FakeReply.Text(Reply).WithUsage(30, 6));

    private Task<AgentSession> CreateSessionAsync() =>
        _telemetry.Host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake, model: _model), [KernelPluginFactory.CreateFromObject(_weather, "otelweather")]);

    private static Dictionary<string, object?> Tags(Activity activity) => activity.TagObjects.ToDictionary(t => t.Key, t => t.Value);

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
