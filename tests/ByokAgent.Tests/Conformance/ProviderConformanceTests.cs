using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Conformance;

/// <summary>
/// One suite, every provider: each fact runs once per row of <see cref="ProviderCases"/>, through the real runtime and a
/// real agent session against FakeProvider speaking that provider's wire.
/// </summary>
public sealed class ProviderConformanceTests : IAsyncLifetime, IDisposable
{
    private const string WeatherTool = "weather_get_weather";

    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(30));
    private readonly WeatherPlugin _weather = new();
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    public static TheoryData<ProviderCase> Providers => ProviderCases.Rows();

    private CancellationToken Timeout => _testTimeout.Token;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(Timeout);
        _host = TestRuntime.Create();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public void Table_CoversEveryCatalogProvider()
    {
        ProviderCases.All.Select(c => c.ProviderId).Distinct().Should().BeEquivalentTo(ProviderCatalog.Ids);
        ProviderCases.All.Select(c => c.Name).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_PlainReply_ReturnsTheText(ProviderCase provider)
    {
        var text = $"Hello from {provider.Name}.";
        _fake.Enqueue(FakeReply.Text(text));
        var session = await CreateSessionAsync(provider);

        var result = await session.RunAsync("Say hello", Timeout);

        result.Text.Should().Be(text);
        (result.Provider, result.Model).Should().Be((provider.ProviderId, provider.Model));
        result.ToolCalls.Should().BeEmpty();
        session.History.Select(m => m.Content).Should().Equal("Say hello", text);
        var request = _fake.Requests.Should().ContainSingle().Subject;
        provider.Wire.IsStreamed(request).Should().BeFalse("RunAsync asks for the whole reply");
        provider.Wire.ModelOf(request).Should().Be(provider.Model);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunStreamingAsync_StreamedReply_SeveralTokensThenDone(ProviderCase provider)
    {
        const string text = "Streaming works the same on every provider we support.";
        _fake.Enqueue(FakeReply.Text(text));
        var session = await CreateSessionAsync(provider);

        var events = await CollectAsync(session.RunStreamingAsync("Stream a sentence", Timeout));

        events[^1].Should().BeOfType<AgentDoneEvent>().Which.Result.Text.Should().Be(text);
        var tokens = events[..^1];
        tokens.Should().AllBeOfType<AgentTokenEvent>().And.HaveCountGreaterThan(1, "the reply arrives in pieces");
        string.Concat(tokens.Cast<AgentTokenEvent>().Select(t => t.Content)).Should().Be(text);
        provider.Wire.IsStreamed(_fake.Requests.Should().ContainSingle().Subject).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_TwoToolCallsAtOnce_RunsBothAndAnswersBoth(ProviderCase provider)
    {
        var (paris, oslo) = (provider.Wire.ToolCallId("Paris"), provider.Wire.ToolCallId("Oslo"));
        _fake.Enqueue(
            FakeReply.ToolCalls(
                new FakeToolCall(WeatherTool, """{"city":"Paris"}""", paris),
                new FakeToolCall(WeatherTool, """{"city":"Oslo"}""", oslo)),
            FakeReply.Text("Paris and Oslo are both sunny."));
        var session = await CreateSessionAsync(provider);

        var result = await session.RunAsync("Weather in Paris and Oslo?", Timeout);

        result.Text.Should().Be("Paris and Oslo are both sunny.");
        _weather.Calls.Should().Be(2);
        result.ToolCalls.Select(c => (c.Id, c.Name, c.Result, c.IsError)).Should().BeEquivalentTo(
            [(paris, WeatherTool, "Sunny and 21 C in Paris", false), (oslo, WeatherTool, "Sunny and 21 C in Oslo", false)]);
        AssertToolRoundTrip(provider, paris, oslo);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunStreamingAsync_TwoToolCallsAtOnce_StreamsToolEventsThenTheAnswer(ProviderCase provider)
    {
        var (paris, oslo) = (provider.Wire.ToolCallId("Paris"), provider.Wire.ToolCallId("Oslo"));
        _fake.Enqueue(
            FakeReply.ToolCalls(
                new FakeToolCall(WeatherTool, """{"city":"Paris"}""", paris),
                new FakeToolCall(WeatherTool, """{"city":"Oslo"}""", oslo)),
            FakeReply.Text("Both cities are sunny today."));
        var session = await CreateSessionAsync(provider);

        var events = await CollectAsync(session.RunStreamingAsync("Weather in Paris and Oslo?", Timeout));

        _weather.Calls.Should().Be(2);
        events.OfType<AgentToolStartEvent>().Select(e => e.CallId).Should().BeEquivalentTo([paris, oslo]);
        events.OfType<AgentToolEndEvent>().Select(e => (e.Call.Id, e.Call.Result)).Should().BeEquivalentTo(
            [(paris, "Sunny and 21 C in Paris"), (oslo, "Sunny and 21 C in Oslo")]);
        string.Concat(events.OfType<AgentTokenEvent>().Select(t => t.Content)).Should().Be("Both cities are sunny today.");
        events[^1].Should().BeOfType<AgentDoneEvent>().Which.Result.ToolCalls.Should().HaveCount(2);
        _fake.Requests.Should().OnlyContain(r => provider.Wire.IsStreamed(r));
        AssertToolRoundTrip(provider, paris, oslo);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_Usage_IsWhatTheProviderSentSummedOverRounds(ProviderCase provider)
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall(WeatherTool, """{"city":"Lima"}""", provider.Wire.ToolCallId("Lima"))).WithUsage(40, 12),
            FakeReply.Text("Lima is sunny.").WithUsage(70, 9));
        var session = await CreateSessionAsync(provider);

        var result = await session.RunAsync("Weather in Lima?", Timeout);

        result.Usage.Should().Be(new AgentUsage(110, 21, 131), "usage is summed over both model calls");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunStreamingAsync_Usage_IsWhatTheProviderSentSummedOverRounds(ProviderCase provider)
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall(WeatherTool, """{"city":"Lima"}""", provider.Wire.ToolCallId("Lima"))).WithUsage(40, 12),
            FakeReply.Text("Lima is sunny.").WithUsage(70, 9));
        var session = await CreateSessionAsync(provider);

        var events = await CollectAsync(session.RunStreamingAsync("Weather in Lima?", Timeout));

        events[^1].Should().BeOfType<AgentDoneEvent>().Which.Result.Usage.Should().Be(
            new AgentUsage(110, 21, 131), "streamed usage is summed over both model calls too");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_SystemPrompt_IsDeliveredInTheProvidersPlace(ProviderCase provider)
    {
        _fake.Enqueue(FakeReply.Text("ok"));
        var session = await CreateSessionAsync(provider);

        await session.RunAsync("hi", Timeout);

        var body = _fake.Requests.Single().Json!;
        var displayName = ProviderCatalog.Get(provider.ProviderId).DisplayName;
        provider.Wire.SystemPromptOf(body).Should().NotBeNull("the system prompt belongs in the provider's own place for it")
            .And.Contain("ByokAgent").And.Contain($"{displayName} ({provider.Model})").And.Contain(WeatherTool.Split('_')[0])
            .And.NotContain("{{$");
        WireShape.RolesOf(body).Should().Equal(provider.Wire.SystemPromptIsAMessage ? ["system", "user"] : ["user"]);
        provider.Wire.ToolNamesOf(body).Should().Contain(WeatherTool);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Requests_GoToTheProvidersPath_WithItsAuthAndHeaders(ProviderCase provider)
    {
        _fake.Enqueue(FakeReply.Text("whole"), FakeReply.Text("streamed reply"));
        var session = await CreateSessionAsync(provider);

        await session.RunAsync("first", Timeout);
        await CollectAsync(session.RunStreamingAsync("second", Timeout));

        _fake.Requests.Select(r => (r.Method, r.Path, r.QueryString)).Should().Equal(
            ("POST", provider.ChatPath, provider.Query),
            ("POST", provider.ExpectedStreamPath, provider.Query));
        foreach (var request in _fake.Requests)
        {
            provider.Auth.AssertOn(request);
            foreach (var (name, value) in provider.RequiredHeaders)
            {
                request.Header(name).Should().Be(value, $"{provider.Name} requires the {name} header");
            }

            request.Header("Content-Type").Should().StartWith("application/json");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_ProviderRejectsTheCall_SurfacesClassifiedProviderExceptionWithoutTheKey(ProviderCase provider)
    {
        _fake.Enqueue(provider.Error.Reply);
        var session = await CreateSessionAsync(provider);

        var run = () => session.RunAsync("hi", Timeout);

        var error = (await run.Should().ThrowAsync<ProviderException>()).Which;
        (error.ProviderId, error.StatusCode, error.Failure).Should().Be((provider.ProviderId, provider.Error.Status, provider.Error.Failure));
        error.Message.Should().Be(provider.Error.UserLine);
        error.ProviderMessage.Should().Be(provider.Error.Message, "the provider's own words stay available under the user line");
        error.RetryAfter.Should().BeNull("only a rate limit carries a wait hint");
        error.IsTransient.Should().BeFalse("a rejected key or model needs a fix, not a retry");
        AssertNoSecret(provider, $"{error} {error.ProviderMessage}");
        session.History.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunStreamingAsync_ProviderRejectsTheCall_EndsWithOneErrorEventWithTheUserLineWithoutTheKey(ProviderCase provider)
    {
        _fake.Enqueue(provider.Error.Reply);
        var session = await CreateSessionAsync(provider);

        var events = await CollectAsync(session.RunStreamingAsync("hi", Timeout));

        var error = events.Should().ContainSingle().Which.Should().BeOfType<AgentErrorEvent>().Subject;
        error.Code.Should().Be(AgentErrorCodes.ProviderError);
        error.Message.Should().Be(provider.Error.UserLine);
        var exception = error.Exception.Should().BeOfType<ProviderException>().Subject;
        (exception.ProviderId, exception.StatusCode, exception.Failure).Should().Be((provider.ProviderId, provider.Error.Status, provider.Error.Failure));
        exception.ProviderMessage.Should().Be(provider.Error.Message);
        AssertNoSecret(provider, $"{error.Message} {exception} {exception.ProviderMessage}");
        session.History.Should().BeEmpty();
    }

    /// <summary>The follow-up request replays both calls and answers each with its own result, in the provider's shape.</summary>
    private void AssertToolRoundTrip(ProviderCase provider, string paris, string oslo)
    {
        _fake.Requests.Should().HaveCount(2);
        provider.Wire.ToolNamesOf(_fake.Requests[0].Json!).Should().Contain(WeatherTool);
        var followUp = _fake.Requests[1].Json!;
        provider.Wire.ToolCallIdsOf(followUp).Should().Equal(paris, oslo);
        var results = provider.Wire.ToolResultsOf(followUp);
        results.Select(r => r.CallId).Should().BeEquivalentTo([paris, oslo]);
        results.Single(r => r.CallId == paris).Content.Should().Contain("Sunny and 21 C in Paris");
        results.Single(r => r.CallId == oslo).Content.Should().Contain("Sunny and 21 C in Oslo");
    }

    private void AssertNoSecret(ProviderCase provider, string text)
    {
        foreach (var secret in provider.ConfigFor(_fake).Secrets())
        {
            text.Should().NotContain(secret);
            _host.Logs.AllText.Should().NotContain(secret);
        }
    }

    private Task<AgentSession> CreateSessionAsync(ProviderCase provider)
    {
        provider.Arrange(_fake);
        return _host.Runtime.CreateSessionAsync(provider.ConfigFor(_fake), [KernelPluginFactory.CreateFromObject(_weather, "weather")], Timeout);
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
}
