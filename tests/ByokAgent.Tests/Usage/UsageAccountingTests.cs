using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Sessions;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using ByokAgent.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Usage;

/// <summary>Usage accounting end to end: what FakeProvider reports is what the turns, the store and the reports count.</summary>
public sealed class UsageAccountingTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Prices = new()
    {
        ["ByokAgent:Usage:Prices:gpt-test:InputPerMillion"] = "1",
        ["ByokAgent:Usage:Prices:gpt-test:OutputPerMillion"] = "2",
        ["ByokAgent:Usage:Prices:gpt-test:CachedInputPerMillion"] = "0.5",
        ["ByokAgent:Usage:Prices:anthropic/claude-sonnet-4-5:InputPerMillion"] = "3",
        ["ByokAgent:Usage:Prices:anthropic/claude-sonnet-4-5:OutputPerMillion"] = "15",
        ["ByokAgent:Usage:Prices:anthropic/claude-sonnet-4-5:CachedInputPerMillion"] = "0.3",
    };

    private readonly WeatherPlugin _weather = new();
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _host = TestRuntime.Create(Prices);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task ScriptedRun_StreamedAndNotStreamed_WithToolRounds_CountsExactlyWhatTheProviderReported()
    {
        FakeReply[] script =
        [
            FakeReply.Text("Hello.").WithUsage(12, 5, 4),
            FakeReply.ToolCalls(new FakeToolCall("weather_get_weather", """{"city":"Paris"}""", "call_1")).WithUsage(20, 4, 0),
            FakeReply.Text("Sunny in Paris.").WithUsage(30, 6, 16),
            FakeReply.ToolCalls(new FakeToolCall("weather_get_weather", """{"city":"Oslo"}""", "call_2")).WithUsage(40, 3, 8),
            FakeReply.Text("Sunny in Oslo.").WithUsage(50, 7, 32),
            FakeReply.Text("Bye.").WithUsage(60, 9, 0),
        ];
        _fake.Enqueue(script);
        var session = await CreateSessionAsync();

        var turns = new List<AgentUsage>
        {
            (await session.RunAsync("Hi")).Usage,
            (await session.RunAsync("Weather in Paris?")).Usage,
            await StreamAsync(session, "Weather in Oslo?"),
            await StreamAsync(session, "Bye"),
        };

        long input = script.Sum(r => r.Usage.PromptTokens), output = script.Sum(r => r.Usage.CompletionTokens), cached = script.Sum(r => r.Usage.CachedPromptTokens);
        (input, output, cached).Should().Be((212L, 34L, 60L), "the script is what this test counts against");
        _fake.Requests.Should().HaveCount(6);
        _fake.Requests.Where(r => r.Json!["stream"]?.GetValue<bool>() == true).Should().HaveCount(3)
            .And.OnlyContain(r => r.Json!["stream_options"]!["include_usage"]!.GetValue<bool>(), "streamed calls ask for their usage");
        _weather.Calls.Should().Be(2);

        turns.Select(t => (t.InputTokens, t.OutputTokens, t.CachedInputTokens)).Should().Equal((12L, 5L, 4L), (50L, 10L, 16L), (90L, 10L, 40L), (60L, 9L, 0L));
        turns.Sum(t => t.InputTokens).Should().Be(input);
        turns.Sum(t => t.OutputTokens).Should().Be(output);
        turns.Sum(t => t.TotalTokens).Should().Be(input + output);
        turns.Sum(t => t.CachedInputTokens).Should().Be(cached);

        // (212 - 60) x 1 + 60 x 0.5 + 34 x 2 per million.
        var expectedCost = 250m / 1_000_000m;
        turns.Sum(t => t.EstimatedCost!.Value).Should().Be(expectedCost);

        var stored = await _host.Services.GetRequiredService<ISessionStore>().LoadUsageAsync(session.ProjectId, session.Id);
        stored.Select(t => (t.InputTokens, t.OutputTokens, t.TotalTokens, t.CachedInputTokens)).Should().Equal(turns.Select(t => (t.InputTokens, t.OutputTokens, t.TotalTokens, t.CachedInputTokens)));

        var report = await ReportAsync(session.ProjectId);
        report.Totals.Should().Be(new UsageTotals(4, input, output, cached, input + output, expectedCost));
        report.Currency.Should().Be("USD");
        report.ByDay.Should().ContainSingle().Which.Usage.Should().Be(report.Totals);
        report.ByModel.Should().ContainSingle().Which.Should().Be(new UsageByModel("openai", "gpt-test", report.Totals));
        report.BySession.Should().ContainSingle().Which.Should().Be(new UsageBySession(session.Id, report.Totals));
    }

    [Fact]
    public async Task ModelWithoutAPrice_HasNoCostEstimate_NotAZeroOne()
    {
        _fake.Enqueue(FakeReply.Text("ok").WithUsage(10, 5));
        var session = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake, model: "unpriced-model"));

        var result = await session.RunAsync("hi");

        result.Usage.EstimatedCost.Should().BeNull();
        var report = await ReportAsync(session.ProjectId);
        report.Totals.Should().Be(new UsageTotals(1, 10, 5, 0, 15, null));
    }

    [Fact]
    public async Task MixedPricedAndUnpricedModels_ReportTheCostOfEachModel_AndNoTotalCost()
    {
        _fake.Enqueue(FakeReply.Text("a").WithUsage(1000, 0), FakeReply.Text("b").WithUsage(10, 5));
        var priced = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));
        await priced.RunAsync("one");
        var unpriced = await _host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = priced.ProjectId, ModelConfig = TestRuntime.ConfigFor(_fake, model: "unpriced-model") });
        await unpriced.RunAsync("two");

        var report = await ReportAsync(priced.ProjectId);

        report.ByModel.Should().HaveCount(2);
        report.ByModel.Single(m => m.Model == "gpt-test").Usage.EstimatedCost.Should().Be(0.001m);
        report.ByModel.Single(m => m.Model == "unpriced-model").Usage.EstimatedCost.Should().BeNull();
        report.Totals.EstimatedCost.Should().BeNull("a partial sum would understate the cost");
        report.Totals.TotalTokens.Should().Be(1015);
    }

    [Fact]
    public async Task Anthropic_CacheReads_AreCountedAsCachedInput_AndInTheInput()
    {
        _fake.Enqueue(FakeReply.Text("ok").WithUsage(100, 10, 60), FakeReply.Text("streamed").WithUsage(200, 20, 150));
        var config = new ModelConfig { Provider = "anthropic", ApiKey = TestRuntime.ApiKey, ApiHost = _fake.BaseUri.ToString(), Model = "claude-sonnet-4-5" };
        var session = await _host.Runtime.CreateSessionAsync(config);

        var whole = (await session.RunAsync("hi")).Usage;
        var streamed = await StreamAsync(session, "again");

        (whole.InputTokens, whole.OutputTokens, whole.CachedInputTokens).Should().Be((100L, 10L, 60L));
        (streamed.InputTokens, streamed.OutputTokens, streamed.CachedInputTokens).Should().Be((200L, 20L, 150L));
        // (100 - 60) x 3 + 60 x 0.3 + 10 x 15 per million.
        whole.EstimatedCost.Should().Be(288m / 1_000_000m);
    }

    [Fact]
    public async Task DeepSeek_RecordedReply_ItsPromptCacheHitsAreCountedAsCachedInput()
    {
        // The recorded body reports prompt_cache_hit_tokens 512 and, like OpenAI, prompt_tokens_details.cached_tokens 512.
        _fake.Enqueue(FakeReply.FromFile(SharedFixtures.ProviderFixture("deepseek", "chat_tool_call.http")), FakeReply.Text("done").WithUsage(10, 2));
        var session = await _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake, provider: "deepseek", model: "deepseek-chat"));

        var usage = (await session.RunAsync("What is my balance?")).Usage;

        (usage.InputTokens, usage.OutputTokens, usage.CachedInputTokens).Should().Be((563L + 10, 116L + 2, 512L));
    }

    [Fact]
    public async Task ReportOfAnotherProject_DoesNotSeeThisOne()
    {
        _fake.Enqueue(FakeReply.Text("ok").WithUsage(10, 5));
        var session = await CreateSessionAsync();
        await session.RunAsync("hi");
        var other = await _host.Services.GetRequiredService<IProjectStore>().CreateAsync("other");

        var report = await ReportAsync(other.Project.Id);

        report.Totals.Should().Be(UsageTotals.Zero);
        report.ByDay.Should().BeEmpty();
    }

    private Task<AgentSession> CreateSessionAsync() =>
        _host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake), [KernelPluginFactory.CreateFromObject(_weather, "weather")]);

    private Task<UsageReport> ReportAsync(string projectId)
    {
        var now = DateTimeOffset.UtcNow;
        return _host.Services.GetRequiredService<UsageReporter>().GetAsync(projectId, now.AddDays(-1), now.AddDays(1));
    }

    private static async Task<AgentUsage> StreamAsync(AgentSession session, string message)
    {
        AgentEvent? last = null;
        await foreach (var agentEvent in session.RunStreamingAsync(message))
        {
            last = agentEvent;
        }

        return last.Should().BeOfType<AgentDoneEvent>().Subject.Result.Usage;
    }
}
