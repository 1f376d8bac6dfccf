using System.Text.Json;
using ByokAgent.Postgres.Tests.TestSupport;
using ByokAgent.Providers;
using ByokAgent.Sessions;

namespace ByokAgent.Postgres.Tests;

/// <summary>
/// Two server instances (two sets of stores, two connection pools) on one database: what a PostgreSQL deployment is for.
/// </summary>
public sealed class PostgresMultiInstanceTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private PostgresTestStorage _a = null!;
    private PostgresTestStorage _b = null!;

    public async Task InitializeAsync()
    {
        _a = await PostgresTestStorage.CreateAsync(database);
        _b = PostgresTestStorage.Open(_a.ConnectionString, PostgresTestStorage.NewKeyRing(_a.Keys.Current));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task TwoInstances_ContinueOneSession_AndAStaleInstanceConflictsUntilItReloads()
    {
        var project = (await _a.Projects.CreateAsync("shared")).Project;
        var session = await _a.Sessions.CreateAsync(project.Id);
        var afterA = await _a.Sessions.AppendTurnAsync(project.Id, session.Id, session.Version, Turn("a: hello", "hi"));

        // Instance B picks the conversation up where A left it.
        var seenByB = await _b.Sessions.GetAsync(project.Id, session.Id);
        seenByB.Should().Be(afterA);
        var afterB = await _b.Sessions.AppendTurnAsync(project.Id, session.Id, seenByB!.Version, Turn("b: and then?", "then this"));

        // A still holds version 1: its append is refused, not interleaved.
        var stale = () => _a.Sessions.AppendTurnAsync(project.Id, session.Id, afterA.Version, Turn("a: stale", "lost"));
        (await stale.Should().ThrowAsync<SessionConflictException>()).Which.SessionId.Should().Be(session.Id);

        var reloaded = await _a.Sessions.GetAsync(project.Id, session.Id);
        reloaded.Should().Be(afterB);
        var final = await _a.Sessions.AppendTurnAsync(project.Id, session.Id, reloaded!.Version, Turn("a: back again", "welcome back"));

        final.Version.Should().Be(3);
        final.Title.Should().Be("a: hello");
        foreach (var instance in new[] { _a, _b })
        {
            var messages = await instance.Sessions.LoadMessagesAsync(project.Id, session.Id);
            messages.Select(m => m.Sequence).Should().Equal(1, 2, 3, 4, 5, 6);
            messages.Select(m => m.Message.Text).Should().Equal("a: hello", "hi", "b: and then?", "then this", "a: back again", "welcome back");
            (await instance.Sessions.LoadUsageAsync(project.Id, session.Id)).Should().HaveCount(3);
        }
    }

    [Fact]
    public async Task TwoInstances_AppendingAtTheSameVersionAtOnce_ExactlyOneWinsEachRound()
    {
        const int Rounds = 25;
        var project = (await _a.Projects.CreateAsync("race")).Project;
        var session = await _a.Sessions.CreateAsync(project.Id);

        for (var round = 0; round < Rounds; round++)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var version = (long)round;
            var attempts = new[] { _a, _b }.Select((instance, writer) => Task.Run(async () =>
            {
                await gate.Task;
                try
                {
                    await instance.Sessions.AppendTurnAsync(project.Id, session.Id, version, Turn($"round {version} writer {writer}", $"reply {writer}"));
                    return true;
                }
                catch (SessionConflictException)
                {
                    return false;
                }
            })).ToList();
            gate.SetResult();

            (await Task.WhenAll(attempts)).Count(won => won).Should().Be(1, $"exactly one writer wins round {round}");
        }

        var stored = await _b.Sessions.GetAsync(project.Id, session.Id);
        stored!.Version.Should().Be(Rounds);
        stored.MessageCount.Should().Be(2 * Rounds);
        var messages = await _a.Sessions.LoadMessagesAsync(project.Id, session.Id);
        messages.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, 2 * Rounds).Select(i => (long)i));

        // Each winner's two messages sit together: no turn was split by the other writer's.
        messages.Chunk(2).Select(pair => (pair[0].Message.Text!.Split(' ')[^1], pair[1].Message.Text!.Split(' ')[^1]))
            .Should().OnlyContain(pair => pair.Item1 == pair.Item2);
    }

    [Fact]
    public async Task TwoInstances_ShareProjectsKeysAndConfigs_AndKeepExactlyOneDefault()
    {
        var created = await _a.Projects.CreateAsync("tenant");
        var config = await _a.ModelConfigs.AddAsync(created.Project.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o-mini", ApiKey = "sk-shared-between-instances-0123" }, makeDefault: true);
        var other = await _b.ModelConfigs.AddAsync(created.Project.Id, new ModelConfig { Provider = "deepseek", Model = "deepseek-chat", ApiKey = "sk-second-config-0123456789" }, makeDefault: false);

        (await _b.Projects.AuthenticateAsync(created.ApiKey)).Should().Be(created.Project);
        (await _b.ModelConfigs.GetAsync(created.Project.Id, config.Id))!.ApiKey.Should().Be("sk-shared-between-instances-0123");

        // Both instances flip the default back and forth at once: the project always ends with exactly one.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _a : _b).ModelConfigs.SetDefaultAsync(created.Project.Id, i % 3 == 0 ? config.Id : other.Id))));

        (await _a.ModelConfigs.ListAsync(created.Project.Id)).Count(e => e.IsDefault).Should().Be(1);
        (await _b.ModelConfigs.GetDefaultAsync(created.Project.Id)).Should().NotBeNull();
    }

    private static SessionTurn Turn(string user, string assistant) => new(
        [Message("user", user), Message("assistant", assistant)],
        new TurnUsage("openai", "gpt-4o-mini", InputTokens: 12, OutputTokens: 4, TotalTokens: 16, TimeSpan.FromMilliseconds(321)));

    private static SessionMessage Message(string role, string text) => new(role, text, JsonSerializer.Serialize(new { v = 1, role, text }));
}
