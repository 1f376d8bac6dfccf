using ByokAgent.Sessions;
using FluentAssertions;
using Xunit;

namespace ByokAgent.Testing.Contracts;

/// <summary>Concurrent writers, lists, deletion, expiry, and the wall between projects.</summary>
public abstract partial class SessionStoreContract
{
    [Fact]
    public async Task AppendTurn_ConcurrentWritersThatRetry_NeverInterleaveTheirTurns()
    {
        const int Writers = 6;
        const int TurnsEach = 3;
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);

        async Task WriteAsync(int writer)
        {
            for (var turn = 0; turn < TurnsEach; turn++)
            {
                var messages = Enumerable.Range(0, 3).Select(part => Message(part == 0 ? "user" : "assistant", $"{writer}/{turn}/{part}")).ToArray();
                while (true)
                {
                    var current = await Sessions.GetAsync(project.Id, session.Id);
                    try
                    {
                        await Sessions.AppendTurnAsync(project.Id, session.Id, current!.Version, Turn(messages));
                        break;
                    }
                    catch (SessionConflictException)
                    {
                        // Another writer stored a turn first: reload and try again, as AgentSession does.
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w))));

        var final = await Sessions.GetAsync(project.Id, session.Id);
        final!.Version.Should().Be(Writers * TurnsEach);
        final.MessageCount.Should().Be(Writers * TurnsEach * 3);
        var stored = await Sessions.LoadMessagesAsync(project.Id, session.Id);
        stored.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, Writers * TurnsEach * 3).Select(i => (long)i));
        foreach (var chunk in stored.Chunk(3))
        {
            var parts = chunk.Select(m => m.Message.Text!.Split('/')).ToArray();
            parts.Select(p => p[0] + "/" + p[1]).Distinct().Should().ContainSingle("a turn's messages are stored together");
            parts.Select(p => p[2]).Should().Equal("0", "1", "2");
        }

        stored.Select(m => m.Message.Text![..^2]).Distinct().Should().HaveCount(Writers * TurnsEach);
        (await Sessions.LoadUsageAsync(project.Id, session.Id)).Should().HaveCount(Writers * TurnsEach);
    }

    [Fact]
    public async Task List_NewestUpdatedFirst_Paged()
    {
        var project = await NewProjectAsync("alpha");
        var first = await Sessions.CreateAsync(project.Id);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Sessions.CreateAsync(project.Id);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await Sessions.CreateAsync(project.Id);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Sessions.AppendTurnAsync(project.Id, first.Id, 0, Turn(User("bump")));

        (await Sessions.ListAsync(project.Id, 0, 10)).Select(s => s.Id).Should().Equal(first.Id, third.Id, second.Id);
        (await Sessions.ListAsync(project.Id, 0, 2)).Select(s => s.Id).Should().Equal(first.Id, third.Id);
        (await Sessions.ListAsync(project.Id, 2, 2)).Select(s => s.Id).Should().Equal(second.Id);
        (await Sessions.ListAsync(project.Id, 3, 2)).Should().BeEmpty();
        (await Sessions.ListAsync(project.Id, 0, 10))[0].Should().Be(await Sessions.GetAsync(project.Id, first.Id));
    }

    [Fact]
    public async Task Delete_RemovesTheSessionAndItsMessages()
    {
        var project = await NewProjectAsync("alpha");
        var session = await Sessions.CreateAsync(project.Id);
        var kept = await Sessions.CreateAsync(project.Id);
        await Sessions.AppendTurnAsync(project.Id, session.Id, 0, Turn(User("bye")));

        (await Sessions.DeleteAsync(project.Id, session.Id)).Should().BeTrue();

        (await Sessions.GetAsync(project.Id, session.Id)).Should().BeNull();
        await FluentActions.Invoking(() => Sessions.LoadMessagesAsync(project.Id, session.Id)).Should().ThrowAsync<SessionNotFoundException>();
        (await Sessions.DeleteAsync(project.Id, session.Id)).Should().BeFalse();
        (await Sessions.ListAsync(project.Id, 0, 10)).Select(s => s.Id).Should().Equal(kept.Id);
    }

    [Fact]
    public async Task DeleteIdle_RemovesSessionsOfEveryProjectNotUpdatedSinceTheCutoff()
    {
        var alpha = await NewProjectAsync("alpha");
        var beta = await NewProjectAsync("beta");
        var idleAlpha = await Sessions.CreateAsync(alpha.Id);
        var idleBeta = await Sessions.CreateAsync(beta.Id);
        var revived = await Sessions.CreateAsync(alpha.Id);
        Clock.Advance(TimeSpan.FromDays(10));
        await Sessions.AppendTurnAsync(alpha.Id, revived.Id, 0, Turn(User("still here")));
        var fresh = await Sessions.CreateAsync(beta.Id);
        Clock.Advance(TimeSpan.FromDays(1));

        var deleted = await Sessions.DeleteIdleAsync(Clock.GetUtcNow() - TimeSpan.FromDays(5));

        deleted.Should().Be(2);
        (await Sessions.GetAsync(alpha.Id, idleAlpha.Id)).Should().BeNull();
        (await Sessions.GetAsync(beta.Id, idleBeta.Id)).Should().BeNull();
        (await Sessions.GetAsync(alpha.Id, revived.Id)).Should().NotBeNull();
        (await Sessions.GetAsync(beta.Id, fresh.Id)).Should().NotBeNull();
        (await Sessions.DeleteIdleAsync(Clock.GetUtcNow() - TimeSpan.FromDays(5))).Should().Be(0);
    }

    [Fact]
    public async Task AnotherProjectsSession_IsNotFound_Everywhere()
    {
        var owner = await NewProjectAsync("owner");
        var intruder = await NewProjectAsync("intruder");
        var session = await Sessions.CreateAsync(owner.Id);
        var after = await Sessions.AppendTurnAsync(owner.Id, session.Id, 0, Turn(User("private")));

        (await Sessions.GetAsync(intruder.Id, session.Id)).Should().BeNull();
        (await Sessions.ListAsync(intruder.Id, 0, 10)).Should().BeEmpty();
        await FluentActions.Invoking(() => Sessions.LoadMessagesAsync(intruder.Id, session.Id)).Should().ThrowAsync<SessionNotFoundException>();
        await FluentActions.Invoking(() => Sessions.LoadUsageAsync(intruder.Id, session.Id)).Should().ThrowAsync<SessionNotFoundException>();
        await FluentActions.Invoking(() => Sessions.AppendTurnAsync(intruder.Id, session.Id, after.Version, Turn(User("hijack")))).Should().ThrowAsync<SessionNotFoundException>();
        (await Sessions.DeleteAsync(intruder.Id, session.Id)).Should().BeFalse();

        (await Sessions.GetAsync(owner.Id, session.Id)).Should().Be(after);
        (await Sessions.LoadMessagesAsync(owner.Id, session.Id)).Select(m => m.Message.Text).Should().Equal("private");
    }
}
