using ByokAgent.Projects;
using ByokAgent.Sessions;
using FluentAssertions;
using Xunit;

namespace ByokAgent.Testing.Contracts;

/// <summary>The behaviour every <see cref="ISessionStore"/> must have; a backend's tests derive this class.</summary>
public abstract partial class SessionStoreContract : StoreContract
{
    [Fact]
    public async Task Create_NewSession_IsEmptyAtVersionZero()
    {
        var project = await NewProjectAsync("alpha");

        var session = await Sessions.CreateAsync(project.Id);

        session.Id.Should().StartWith("ses_");
        session.Should().BeEquivalentTo(new { ProjectId = project.Id, Title = (string?)null, CreatedAt = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow(), MessageCount = 0, Version = 0L });
        (await Sessions.GetAsync(project.Id, session.Id)).Should().Be(session);
        (await Sessions.LoadMessagesAsync(project.Id, session.Id)).Should().BeEmpty();
        (await Sessions.LoadUsageAsync(project.Id, session.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Create_UnknownProject_ThrowsProjectNotFound()
    {
        var act = () => Sessions.CreateAsync("prj_missing");

        await act.Should().ThrowAsync<ProjectNotFoundException>();
    }

    [Fact]
    public async Task AppendTurn_StoresMessagesInOrder_AndBumpsTheVersion()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        var appendedAt = Clock.Advance(TimeSpan.FromMinutes(1));
        SessionMessage[] messages = [User("What is 2+2?"), Message("assistant", null), Message("tool", "4"), Assistant("It is 4.")];

        var after = await Sessions.AppendTurnAsync(project.Id, session.Id, session.Version, Turn(messages));

        after.Should().Be(session with { Title = "What is 2+2?", UpdatedAt = appendedAt, MessageCount = 4, Version = 1 });
        (await Sessions.GetAsync(project.Id, session.Id)).Should().Be(after);
        var stored = await Sessions.LoadMessagesAsync(project.Id, session.Id);
        stored.Select(m => m.Sequence).Should().Equal(1, 2, 3, 4);
        stored.Select(m => m.Message).Should().Equal(messages);
        stored.Should().OnlyContain(m => m.CreatedAt == appendedAt);
    }

    [Fact]
    public async Task AppendTurn_Title_IsTheFirstUserMessageOnOneLine_AndIsSetOnce()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);

        var first = await Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(Message("system", "Be brief."), User("Plan a trip\n to   Lisbon"), Assistant("Sure.")));
        var second = await Sessions.AppendTurnAsync(project.Id, session.Id, 1, Turn(User("Now Porto"), Assistant("Ok.")));

        first.Title.Should().Be("Plan a trip to Lisbon");
        second.Title.Should().Be("Plan a trip to Lisbon");
    }

    [Fact]
    public async Task AppendTurn_LongFirstMessage_GivesAShortTitle()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        var longText = string.Join(' ', Enumerable.Repeat("lorem", 100));

        var after = await Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(User(longText)));

        after.Title.Should().StartWith("lorem lorem");
        after.Title!.Length.Should().BeLessThanOrEqualTo(80);
    }

    [Fact]
    public async Task AppendTurn_MessageViolatingAConstraint_StoresNothingOfTheTurn()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        var first = await Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(User("one"), Assistant("two")));
        Clock.Advance(TimeSpan.FromMinutes(1));

        // The second message has no payload (NOT NULL): the first of the turn was already written when it fails.
        var act = () => Sessions.AppendTurnAsync(project.Id, session.Id, 1, Turn(User("three"), new SessionMessage("assistant", "four", null!)));

        await act.Should().ThrowAsync<Exception>();
        (await Sessions.GetAsync(project.Id, session.Id)).Should().Be(first);
        (await Sessions.LoadMessagesAsync(project.Id, session.Id)).Select(m => m.Message.Text).Should().Equal("one", "two");
        (await Sessions.LoadUsageAsync(project.Id, session.Id)).Should().HaveCount(1);

        var next = await Sessions.AppendTurnAsync(project.Id, session.Id, 1, Turn(User("three"), Assistant("four")));
        next.Version.Should().Be(2);
        (await Sessions.LoadMessagesAsync(project.Id, session.Id)).Select(m => m.Sequence).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task AppendTurn_Cancelled_StoresNothing()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(User("hello")), cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await Sessions.GetAsync(project.Id, session.Id)).Should().Be(session);
        (await Sessions.LoadMessagesAsync(project.Id, session.Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task AppendTurn_StaleVersion_ThrowsConflict_AndStoresNothing()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        var after = await Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(User("first")));

        var act = () => Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(User("second")));

        var conflict = (await act.Should().ThrowAsync<SessionConflictException>()).Which;
        conflict.SessionId.Should().Be(session.Id);
        conflict.Message.Should().Contain(session.Id);
        (await Sessions.GetAsync(project.Id, session.Id)).Should().Be(after);
        (await Sessions.LoadMessagesAsync(project.Id, session.Id)).Select(m => m.Message.Text).Should().Equal("first");
    }

    [Fact]
    public async Task AppendTurn_TwoWritersAtTheSameVersion_OneWins_TheOtherConflicts()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);

        async Task<Exception?> TryAppendAsync(int writer)
        {
            try
            {
                await Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(User($"writer {writer}")));
                return null;
            }
            catch (SessionConflictException conflict)
            {
                return conflict;
            }
        }

        var attempts = await Task.WhenAll(Task.Run(() => TryAppendAsync(1)), Task.Run(() => TryAppendAsync(2)));

        attempts.Count(a => a is null).Should().Be(1);
        attempts.Count(a => a is SessionConflictException).Should().Be(1);
        var stored = await Sessions.GetAsync(project.Id, session.Id);
        stored!.Version.Should().Be(1);
        (await Sessions.LoadMessagesAsync(project.Id, session.Id)).Should().ContainSingle();
    }

    [Fact]
    public async Task AppendTurn_UnknownSession_ThrowsNotFound()
    {
        var project = await NewProjectAsync("alpha");

        var act = () => Sessions.AppendTurnAsync(project.Id, "ses_missing", 0, Turn(User("hello")));

        var notFound = (await act.Should().ThrowAsync<SessionNotFoundException>()).Which;
        notFound.SessionId.Should().Be("ses_missing");
        notFound.Message.Should().Be("No session ses_missing in this project.");
    }

    [Fact]
    public async Task LoadMessages_LastCount_ReturnsTheTailInOrder()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        await Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(User("1"), Assistant("2")));
        await Sessions.AppendTurnAsync(project.Id, session.Id, 1, Turn(User("3"), Assistant("4"), Assistant("5")));

        (await Sessions.LoadMessagesAsync(project.Id, session.Id, lastCount: 2)).Select(m => (m.Sequence, m.Message.Text)).Should().Equal((4L, "4"), (5L, "5"));
        (await Sessions.LoadMessagesAsync(project.Id, session.Id, lastCount: 10)).Select(m => m.Message.Text).Should().Equal("1", "2", "3", "4", "5");
        (await Sessions.LoadMessagesAsync(project.Id, session.Id, lastCount: 0)).Should().BeEmpty();
        (await Sessions.LoadMessagesAsync(project.Id, session.Id)).Should().HaveCount(5);
    }

    [Fact]
    public async Task LoadUsage_OneEntryPerTurn_WithItsProviderAndModel()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        var first = new TurnUsage("openai", "gpt-4o-mini", 120, 30, 150, TimeSpan.FromMilliseconds(1500));
        var second = new TurnUsage("anthropic", "claude-sonnet-4-5", 900, 250, 1150, TimeSpan.FromMilliseconds(4321));

        await Sessions.AppendTurnAsync(project.Id, session.Id, 0, new SessionTurn([User("a"), Assistant("b")], first));
        await Sessions.AppendTurnAsync(project.Id, session.Id, 1, new SessionTurn([User("c"), Assistant("d")], second));

        (await Sessions.LoadUsageAsync(project.Id, session.Id)).Should().Equal(first, second);
    }
}
