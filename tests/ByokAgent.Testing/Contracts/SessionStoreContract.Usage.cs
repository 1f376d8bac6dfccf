using ByokAgent.Sessions;
using ByokAgent.Usage;
using FluentAssertions;
using Xunit;

namespace ByokAgent.Testing.Contracts;

/// <summary>The usage ledger every backend writes with each turn: summed by day, session and model, scoped and kept.</summary>
public abstract partial class SessionStoreContract
{
    private static readonly DateTimeOffset Far = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LoadUsage_KeepsCachedInputTokens()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        var usage = Usage("openai", "gpt-4o-mini", input: 1200, output: 80, cached: 1024);

        await Sessions.AppendTurnAsync(project.Id, session.Id, 0, new SessionTurn([User("a"), Assistant("b")], usage));

        var stored = (await Sessions.LoadUsageAsync(project.Id, session.Id)).Should().ContainSingle().Subject;
        stored.Should().Be(usage);
        stored.CachedInputTokens.Should().Be(1024);
    }

    [Fact]
    public async Task UsageLedger_SumsTurnsByUtcDaySessionAndModel()
    {
        var project = await NewProjectAsync("alpha");
        var first = await Sessions.CreateAsync(project.Id);
        var second = await Sessions.CreateAsync(project.Id);
        await AppendAsync(project.Id, first.Id, 0, Usage("openai", "gpt-4o-mini", 100, 10, cached: 40));
        await AppendAsync(project.Id, first.Id, 1, Usage("openai", "gpt-4o-mini", 200, 20, cached: 0));
        await AppendAsync(project.Id, second.Id, 0, Usage("anthropic", "claude-sonnet-4-5", 300, 30, cached: 100));
        Clock.Advance(TimeSpan.FromDays(1));
        await AppendAsync(project.Id, first.Id, 2, Usage("openai", "gpt-4o-mini", 400, 40, cached: 0));

        var byDay = await UsageLedger.LoadAsync(project.Id, DateTimeOffset.UnixEpoch, Far, UsageGrouping.Day | UsageGrouping.Session);
        var byModel = await UsageLedger.LoadAsync(project.Id, DateTimeOffset.UnixEpoch, Far, UsageGrouping.Model);

        var day1 = new DateOnly(2026, 3, 1);
        var day2 = new DateOnly(2026, 3, 2);
        byDay.Should().BeEquivalentTo(new[]
        {
            new UsageRecord(day1, first.Id, "openai", "gpt-4o-mini", 2, 300, 30, 40, 330),
            new UsageRecord(day1, second.Id, "anthropic", "claude-sonnet-4-5", 1, 300, 30, 100, 330),
            new UsageRecord(day2, first.Id, "openai", "gpt-4o-mini", 1, 400, 40, 0, 440),
        });
        byModel.Should().BeEquivalentTo(new[]
        {
            new UsageRecord(null, null, "anthropic", "claude-sonnet-4-5", 1, 300, 30, 100, 330),
            new UsageRecord(null, null, "openai", "gpt-4o-mini", 3, 700, 70, 40, 770),
        });
    }

    [Fact]
    public async Task UsageLedger_Range_IncludesItsStart_AndExcludesItsEnd()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        var start = Clock.GetUtcNow();
        await AppendAsync(project.Id, session.Id, 0, Usage("openai", "gpt-4o-mini", 1, 1, cached: 0));
        var end = Clock.Advance(TimeSpan.FromHours(1));
        await AppendAsync(project.Id, session.Id, 1, Usage("openai", "gpt-4o-mini", 1000, 1000, cached: 0));

        var inRange = await UsageLedger.LoadAsync(project.Id, start, end, UsageGrouping.Model);

        inRange.Should().ContainSingle().Which.Should().Be(new UsageRecord(null, null, "openai", "gpt-4o-mini", 1, 1, 1, 0, 2));
        (await UsageLedger.LoadAsync(project.Id, end, end, UsageGrouping.Model)).Should().BeEmpty();
    }

    [Fact]
    public async Task UsageLedger_IsScopedByProject()
    {
        var alpha = await NewProjectAsync("alpha");
        var beta = await NewProjectAsync("beta");
        var session = await Sessions.CreateAsync(alpha.Id);
        await AppendAsync(alpha.Id, session.Id, 0, Usage("openai", "gpt-4o-mini", 10, 5, cached: 0));

        (await UsageLedger.LoadAsync(beta.Id, DateTimeOffset.UnixEpoch, Far, UsageGrouping.Session)).Should().BeEmpty();
        (await UsageLedger.LoadAsync("prj_missing", DateTimeOffset.UnixEpoch, Far, UsageGrouping.Session)).Should().BeEmpty();
        (await UsageLedger.LoadAsync(alpha.Id, DateTimeOffset.UnixEpoch, Far, UsageGrouping.Session)).Should().ContainSingle().Which.SessionId.Should().Be(session.Id);
    }

    [Fact]
    public async Task UsageLedger_OutlivesDeletedAndExpiredSessions_ButGoesWithItsProject()
    {
        var project = await NewProjectAsync("alpha");
        var deleted = await Sessions.CreateAsync(project.Id);
        var expired = await Sessions.CreateAsync(project.Id);
        await AppendAsync(project.Id, deleted.Id, 0, Usage("openai", "gpt-4o-mini", 10, 5, cached: 0));
        await AppendAsync(project.Id, expired.Id, 0, Usage("openai", "gpt-4o-mini", 20, 5, cached: 0));

        (await Sessions.DeleteAsync(project.Id, deleted.Id)).Should().BeTrue();
        (await Sessions.DeleteIdleAsync(Clock.Advance(TimeSpan.FromDays(30)))).Should().Be(1);

        var kept = await UsageLedger.LoadAsync(project.Id, DateTimeOffset.UnixEpoch, Far, UsageGrouping.Model);
        kept.Should().ContainSingle().Which.Should().Be(new UsageRecord(null, null, "openai", "gpt-4o-mini", 2, 30, 10, 0, 40), "what a project spent stays counted");

        (await Projects.DeleteAsync(project.Id)).Should().BeTrue();
        (await UsageLedger.LoadAsync(project.Id, DateTimeOffset.UnixEpoch, Far, UsageGrouping.Model)).Should().BeEmpty();
    }

    [Fact]
    public async Task UsageLedger_TurnRefusedByAConflict_AddsNoUsage()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        await AppendAsync(project.Id, session.Id, 0, Usage("openai", "gpt-4o-mini", 10, 5, cached: 0));

        var act = () => AppendAsync(project.Id, session.Id, 0, Usage("openai", "gpt-4o-mini", 999, 999, cached: 0));

        await act.Should().ThrowAsync<SessionConflictException>();
        (await UsageLedger.LoadAsync(project.Id, DateTimeOffset.UnixEpoch, Far, UsageGrouping.Model)).Should().ContainSingle().Which.TotalTokens.Should().Be(15);
    }

    private static TurnUsage Usage(string provider, string model, long input, long output, long cached) =>
        new(provider, model, input, output, input + output, TimeSpan.FromMilliseconds(100)) { CachedInputTokens = cached };

    private Task<SessionInfo> AppendAsync(string projectId, string sessionId, long version, TurnUsage usage) =>
        Sessions.AppendTurnAsync(projectId, sessionId, version, new SessionTurn([User("q"), Assistant("a")], usage));
}
