using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Projects;
using ByokAgent.Sessions;
using ByokAgent.Testing;
using ByokAgent.Testing.Contracts;
using ByokAgent.Tests.TestSupport;
using ByokAgent.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Usage;

/// <summary>
/// Budgets through the real runtime: checked before a turn reaches the provider, refused exactly at the limit
/// (<c>used &gt;= limit</c>), and holding when turns run at once.
/// </summary>
public sealed class BudgetTests : IAsyncLifetime
{
    // Every scripted turn reports 10 input + 5 output tokens.
    private const int TurnTokens = 15;

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero));
    private FakeProvider _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _fake.Responder = _ => FakeReply.Text("ok").WithUsage(10, 5);
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData(2 * TurnTokens + 1, true)]
    [InlineData(2 * TurnTokens, false)]
    public async Task TokenBudget_OneBelowTheLimitIsAllowed_AtTheLimitIsRefused(int limit, bool thirdTurnAllowed)
    {
        await using var host = Host(new() { ["ByokAgent:Usage:Budgets:DailyTokens"] = $"{limit}" });
        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));
        await session.RunAsync("one");
        await session.RunAsync("two");

        var third = () => session.RunAsync("three");

        if (thirdTurnAllowed)
        {
            await third.Should().NotThrowAsync("used {0} is one below the limit {1}", 2 * TurnTokens, limit);
            _fake.Requests.Should().HaveCount(3);
        }
        else
        {
            var refused = (await third.Should().ThrowAsync<BudgetExceededException>()).Which;
            refused.Budget.Should().BeEquivalentTo(new { Kind = BudgetKind.DailyTokens, Limit = (decimal)limit, Used = (decimal)limit, ResetsAt = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero) });
            _fake.Requests.Should().HaveCount(2);
        }
    }

    [Fact]
    public async Task RefusedTurn_SaysWhichBudgetLimitUsedAndReset_SendsNothing_AndLeavesTheSessionUnchanged()
    {
        await using var host = Host(new() { ["ByokAgent:Usage:Budgets:DailyTokens"] = $"{TurnTokens}" });
        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));
        await session.RunAsync("one");
        var history = session.History;
        var version = session.Version;
        var store = host.Services.GetRequiredService<ISessionStore>();
        var stored = await store.LoadMessagesAsync(session.ProjectId, session.Id);

        var refused = (await FluentActions.Invoking(() => session.RunAsync("two")).Should().ThrowAsync<BudgetExceededException>()).Which;

        refused.Message.Should().Be("The project's daily token budget is used up: 15 tokens used today (UTC) of a limit of 15 tokens. It resets at 2026-04-01 00:00 UTC.");
        refused.ProjectId.Should().Be(session.ProjectId);
        _fake.Requests.Should().ContainSingle("the refused turn never reached the provider");
        session.History.Should().BeEquivalentTo(history);
        session.Version.Should().Be(version);
        (await store.LoadMessagesAsync(session.ProjectId, session.Id)).Should().BeEquivalentTo(stored);
        (await store.LoadUsageAsync(session.ProjectId, session.Id)).Should().ContainSingle();
        host.Logs.AllText.Should().Contain("daily_tokens budget is used up");

        _fake.Requests.Should().ContainSingle();
        await FluentActions.Invoking(() => session.RunAsync("three")).Should().ThrowAsync<BudgetExceededException>("the session stays usable and keeps refusing");
    }

    [Fact]
    public async Task StreamedTurnOverBudget_EndsWithOneBudgetExceededErrorEvent_AndSendsNothing()
    {
        await using var host = Host(new() { ["ByokAgent:Usage:Budgets:MonthlyTokens"] = "0" });
        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));

        var events = new List<AgentEvent>();
        await foreach (var agentEvent in session.RunStreamingAsync("hi"))
        {
            events.Add(agentEvent);
        }

        var error = events.Should().ContainSingle().Which.Should().BeOfType<AgentErrorEvent>().Subject;
        error.Code.Should().Be(AgentErrorCodes.BudgetExceeded).And.Be("budget_exceeded");
        error.Message.Should().Contain("monthly token budget is used up").And.Contain("It resets at 2026-04-01 00:00 UTC");
        _fake.Requests.Should().BeEmpty();
        session.History.Should().BeEmpty();
    }

    [Fact]
    public async Task ConcurrentTurnsAtTheBoundary_ExactlyTheOnesThatFitRun()
    {
        // Slow replies, so the turns really overlap at the provider.
        _fake.Responder = _ => FakeReply.Text("ok").WithUsage(10, 5).WithLatency(TimeSpan.FromMilliseconds(150));
        await using var host = Host(new() { ["ByokAgent:Usage:Budgets:DailyTokens"] = $"{3 * TurnTokens}" });
        var sessions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake))));
        var project = sessions[0].ProjectId;

        var outcomes = await Task.WhenAll(sessions.Select(s => Task.Run(async () =>
        {
            try
            {
                await s.RunAsync("go");
                return "ran";
            }
            catch (BudgetExceededException)
            {
                return "refused";
            }
        })));

        outcomes.Count(o => o == "ran").Should().Be(3);
        outcomes.Count(o => o == "refused").Should().Be(5);
        _fake.Requests.Should().HaveCount(3, "a refused turn never reaches the provider");
        var report = await host.Services.GetRequiredService<UsageReporter>().GetAsync(project, _clock.GetUtcNow().AddDays(-1), _clock.GetUtcNow().AddDays(1));
        report.Totals.TotalTokens.Should().Be(3 * TurnTokens);
    }

    [Fact]
    public async Task ProjectOverride_ByName_ReplacesTheDefault()
    {
        await using var host = Host(new()
        {
            ["ByokAgent:Usage:Budgets:DailyTokens"] = "0",
            ["ByokAgent:Usage:Budgets:Projects:Reports:DailyTokens"] = "1000",
        });
        var projects = host.Services.GetRequiredService<IProjectStore>();
        var reports = (await projects.CreateAsync("reports")).Project;
        var other = (await projects.CreateAsync("other")).Project;

        var allowed = await host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = reports.Id, ModelConfig = TestRuntime.ConfigFor(_fake) });
        var refused = await host.Runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = other.Id, ModelConfig = TestRuntime.ConfigFor(_fake) });

        (await allowed.RunAsync("hi")).Text.Should().Be("ok");
        await FluentActions.Invoking(() => refused.RunAsync("hi")).Should().ThrowAsync<BudgetExceededException>();
        _fake.Requests.Should().ContainSingle();

    }

    [Fact]
    public async Task CostBudget_RefusesOnceTheEstimatedCostReachesIt()
    {
        await using var host = Host(new()
        {
            // 10 input x 0.1 + 5 output x 0.2 = 2 per turn.
            ["ByokAgent:Usage:Prices:gpt-test:InputPerMillion"] = "100000",
            ["ByokAgent:Usage:Prices:gpt-test:OutputPerMillion"] = "200000",
            ["ByokAgent:Usage:Currency"] = "EUR",
            ["ByokAgent:Usage:Budgets:DailyCost"] = "4",
        });
        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));

        (await session.RunAsync("one")).Usage.EstimatedCost.Should().Be(2m);
        await session.RunAsync("two");
        var refused = (await FluentActions.Invoking(() => session.RunAsync("three")).Should().ThrowAsync<BudgetExceededException>()).Which;

        refused.Budget.Kind.Should().Be(BudgetKind.DailyCost);
        refused.Message.Should().Contain("daily cost budget is used up: 4 EUR (estimated) used today (UTC) of a limit of 4 EUR (estimated)");
        _fake.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Budgets_ResetAtMidnightUtc_DailyEachDay_MonthlyEachMonth()
    {
        await using var host = Host(new()
        {
            ["ByokAgent:Usage:Budgets:DailyTokens"] = $"{TurnTokens}",
            ["ByokAgent:Usage:Budgets:MonthlyTokens"] = $"{2 * TurnTokens}",
        });
        _clock.Advance(TimeSpan.FromDays(-2));
        var session = await host.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(_fake));

        // 29 March: the day's budget is used by one turn.
        await session.RunAsync("day one");
        (await RefusedAsync(session)).Should().Be(BudgetKind.DailyTokens);

        // 30 March: a new day; then the month's budget is used too.
        _clock.Advance(TimeSpan.FromDays(1));
        await session.RunAsync("day two");
        (await RefusedAsync(session)).Should().Be(BudgetKind.DailyTokens);
        _clock.Advance(TimeSpan.FromDays(1));
        (await RefusedAsync(session)).Should().Be(BudgetKind.MonthlyTokens);

        // 1 April: a new month.
        _clock.Advance(TimeSpan.FromHours(2));
        (await session.RunAsync("new month")).Text.Should().Be("ok");
        _fake.Requests.Should().HaveCount(3);

        var status = await host.Services.GetRequiredService<BudgetGuard>().GetStatusAsync(session.ProjectId, "default");
        status.Budgets.Select(b => (b.Kind, b.Used, b.Remaining, b.IsExhausted)).Should().Equal(
            (BudgetKind.DailyTokens, (decimal)TurnTokens, 0m, true),
            (BudgetKind.MonthlyTokens, (decimal)TurnTokens, (decimal)TurnTokens, false));
        status.Today.TotalTokens.Should().Be(TurnTokens);
    }

    private static async Task<BudgetKind> RefusedAsync(AgentSession session) =>
        (await FluentActions.Invoking(() => session.RunAsync("more")).Should().ThrowAsync<BudgetExceededException>()).Which.Budget.Kind;

    private TestRuntime Host(Dictionary<string, string?> settings) =>
        TestRuntime.Create(settings, builder => builder.Services.AddSingleton<TimeProvider>(_clock));
}
