using ByokAgent.Postgres.Migrations;
using ByokAgent.Postgres.Tests.TestSupport;
using ByokAgent.Security;

namespace ByokAgent.Postgres.Tests;

/// <summary>Schema migrations and the master key check: idempotent, safe when instances start together, forward only.</summary>
public sealed class PostgresMigrationTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    [Fact]
    public async Task Initialize_Twice_AndFromASecondInstance_AppliesEachMigrationOnce()
    {
        await using var first = await PostgresTestStorage.CreateAsync(database);
        await first.Database.InitializeAsync();
        await first.Database.InitializeAsync();
        await using var second = PostgresTestStorage.Open(first.ConnectionString, first.Keys);

        await second.Database.InitializeAsync();

        await AssertMigratedOnceAsync(first);
        (await first.ScalarAsync<long>("SELECT COUNT(*) FROM meta WHERE key = 'key_check';")).Should().Be(1);
    }

    [Fact]
    public async Task Initialize_ManyInstancesStartingAtOnce_MigrateOnce_AndAllWork()
    {
        const int Instances = 6;
        var connectionString = await PostgresTestStorage.NewSchemaAsync(database);
        var keys = PostgresTestStorage.NewKeyRing(MasterKey.Generate());
        var storages = Enumerable.Range(0, Instances).Select(_ => PostgresTestStorage.Open(connectionString, keys)).ToList();
        try
        {
            // Every instance waits on the same gate, so their first statements reach the server together.
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var starts = storages.Select(s => Task.Run(async () =>
            {
                await gate.Task;
                await s.Database.InitializeAsync();
            })).ToList();
            gate.SetResult();

            await Task.WhenAll(starts);

            await AssertMigratedOnceAsync(storages[0]);
            var projects = await Task.WhenAll(storages.Select((s, i) => s.Projects.CreateAsync($"instance-{i}")));
            (await storages[^1].Projects.ListAsync()).Should().HaveCount(Instances);
            foreach (var created in projects)
            {
                (await storages[0].Projects.AuthenticateAsync(created.ApiKey)).Should().Be(created.Project);
            }
        }
        finally
        {
            foreach (var storage in storages)
            {
                await storage.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Initialize_SchemaNewerThanThisBuild_IsRefused()
    {
        await using var storage = await PostgresTestStorage.CreateAsync(database);
        await storage.Database.InitializeAsync();
        var newer = PostgresMigrations.Latest + 1;
        await storage.ExecuteAsync("INSERT INTO schema_migrations (version, name) VALUES (@version, 'from_the_future');", ("version", newer));
        await using var older = PostgresTestStorage.Open(storage.ConnectionString, storage.Keys);

        var act = () => older.Database.InitializeAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain($"schema version {newer}").And.Contain("Upgrade ByokAgent");
    }

    [Fact]
    public async Task Initialize_WithAnotherMasterKey_FailsWithMasterKeyException_NamingNoKey()
    {
        await using var first = await PostgresTestStorage.CreateAsync(database);
        await first.Database.InitializeAsync();
        var otherKey = MasterKey.Generate();
        await using var second = PostgresTestStorage.Open(first.ConnectionString, PostgresTestStorage.NewKeyRing(otherKey));

        var act = () => second.Projects.ListAsync();

        var thrown = (await act.Should().ThrowAsync<MasterKeyException>()).Which;
        thrown.Message.Should().Contain("does not match this database").And.NotContain(otherKey.ToBase64()).And.NotContain(first.Keys.Current.ToBase64());
    }

    [Fact]
    public async Task Initialize_AfterAFailure_IsRetriedOnTheNextCall()
    {
        await using var storage = await PostgresTestStorage.CreateAsync(database);
        await storage.Database.InitializeAsync();
        var wrongKeys = PostgresTestStorage.NewKeyRing(MasterKey.Generate());
        await using var wrong = PostgresTestStorage.Open(storage.ConnectionString, wrongKeys);
        await FluentActions.Invoking(() => wrong.Database.InitializeAsync()).Should().ThrowAsync<MasterKeyException>();

        // The operator restores the right key (the ring is what a restart would load); the same instance recovers.
        wrongKeys.Replace(storage.Keys.Current);

        await wrong.Database.InitializeAsync();
        (await wrong.Projects.ListAsync()).Should().BeEmpty();
    }

    private static async Task AssertMigratedOnceAsync(PostgresTestStorage storage)
    {
        (await storage.ScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations;")).Should().Be(PostgresMigrations.All.Count);
        (await storage.ScalarAsync<int>("SELECT MAX(version) FROM schema_migrations;")).Should().Be(PostgresMigrations.Latest);
        (await storage.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema();"))
            .Should().Be(8, "schema_migrations, meta, projects, model_configs, sessions, session_messages, session_turns and usage_records");
    }
}
