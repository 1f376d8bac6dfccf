using ByokAgent.Projects;
using ByokAgent.Security;
using ByokAgent.Sessions;
using ByokAgent.Storage.Sqlite;

namespace ByokAgent.Tests.Storage;

public sealed class SqliteMigratorTests : IAsyncLifetime
{
    private readonly SqliteTestStorage _storage = SqliteTestStorage.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task Initialize_NewDataDirectory_CreatesTheLatestSchemaInWalMode()
    {
        await _storage.Database.InitializeAsync();

        File.Exists(Path.Combine(_storage.DataDirectory, "byok.db")).Should().BeTrue();
        (await _storage.ScalarAsync("SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version);")).Should().Be("1,2,3,4");
        (await _storage.ScalarAsync("PRAGMA journal_mode;")).Should().Be("wal");
        (await _storage.ScalarAsync("PRAGMA foreign_keys;")).Should().Be(1L);
        (await _storage.ScalarAsync("PRAGMA busy_timeout;")).Should().Be(30000L);
        (await _storage.ScalarAsync("SELECT value FROM meta WHERE key = 'key_check';") as string).Should().StartWith("v1:");
        SqliteMigrations.All.Select(m => m.Version).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task Initialize_DatabaseAtVersion1_UpgradesIt_AndKeepsItsData()
    {
        var projectId = "prj_0196a1b2c3d47e8f9a0b1c2d3e4f5a6b";
        var sessionId = "ses_0196a1b2c3d47e8f9a0b1c2d3e4f5a6c";
        var configId = "mc_0196a1b2c3d47e8f9a0b1c2d3e4f5a6d";
        MasterKeyLoader.CreateDataDirectory(_storage.DataDirectory);
        await using (var connection = await _storage.Database.OpenConnectionAsync(CancellationToken.None))
        {
            (await SqliteMigrator.MigrateAsync(connection, SqliteMigrations.All, TimeProvider.System, targetVersion: 1)).Should().Be(1);
            await connection.ExecuteAsync(
                $"""
                INSERT INTO projects (id, name, api_key_hash, wrapped_data_key, created_at) VALUES ('{projectId}', 'legacy', 'hash', '{_storage.Protector.CreateWrappedDataKey(projectId)}', 1000);
                INSERT INTO model_configs (id, project_id, provider, model, is_default, created_at, updated_at) VALUES ('{configId}', '{projectId}', 'openai-compatible', 'llama3', 1, 1000, 1000);
                INSERT INTO sessions (id, project_id, title, created_at, updated_at, message_count, version) VALUES ('{sessionId}', '{projectId}', 'Old chat', 1000, 2000, 2, 1);
                INSERT INTO session_messages (session_id, sequence, role, text, payload, created_at) VALUES
                    ('{sessionId}', 1, 'user', 'hi', '{"{}"}', 2000), ('{sessionId}', 2, 'assistant', 'hello', '{"{}"}', 2000);
                """,
                transaction: null,
                CancellationToken.None);
            (await connection.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE name = 'session_turns';", null, CancellationToken.None)).Should().Be(0L);
        }

        await _storage.Database.InitializeAsync();

        (await _storage.ScalarAsync("SELECT max(version) FROM schema_migrations;")).Should().Be(4L);
        (await _storage.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('ix_sessions_project_updated', 'ix_sessions_updated');")).Should().Be(2L);
        (await _storage.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE name = 'ix_sessions_project';")).Should().Be(0L);
        (await _storage.ScalarAsync("SELECT count(*) FROM pragma_table_info('model_configs') WHERE name IN ('status', 'status_message');")).Should().Be(2L);
        (await _storage.ModelConfigs.ListAsync(projectId)).Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Id = configId, Model = "llama3", IsDefault = true, Status = ModelConfigStatus.Unchecked, StatusMessage = (string?)null },
            "a config stored before version 3 was never validated");
        (await _storage.Sessions.LoadMessagesAsync(projectId, sessionId)).Select(m => m.Message.Text).Should().Equal("hi", "hello");
        (await _storage.Sessions.LoadUsageAsync(projectId, sessionId)).Should().BeEmpty("turns stored before version 2 have no usage");

        var usage = new TurnUsage("openai", "gpt-4o-mini", 3, 4, 7, TimeSpan.FromSeconds(1));
        var after = await _storage.Sessions.AppendTurnAsync(projectId, sessionId, 1, new SessionTurn([new SessionMessage("user", "again", "{}")], usage));

        after.Should().BeEquivalentTo(new { Title = "Old chat", MessageCount = 3, Version = 2L });
        (await _storage.Sessions.LoadUsageAsync(projectId, sessionId)).Should().Equal(usage);
        (await _storage.ModelConfigs.AddAsync(projectId, new() { Provider = "openai", Model = "gpt-4o", ApiKey = "sk-after-upgrade-01" }, makeDefault: true)).IsDefault.Should().BeTrue();
    }

    [Fact]
    public async Task Migrate_AlreadyLatest_AppliesNothing()
    {
        await _storage.Database.InitializeAsync();
        await using var connection = await _storage.Database.OpenConnectionAsync(CancellationToken.None);

        (await SqliteMigrator.MigrateAsync(connection, SqliteMigrations.All, TimeProvider.System)).Should().Be(4);

        (await connection.ScalarAsync("SELECT count(*) FROM schema_migrations;", null, CancellationToken.None)).Should().Be(4L);
    }

    [Fact]
    public async Task Initialize_TwoProcessesAtOnce_ApplyEachMigrationOnce()
    {
        await using var second = SqliteTestStorage.Open(_storage.DataDirectory, _storage.Keys);

        await Task.WhenAll(Task.Run(() => _storage.Database.InitializeAsync()), Task.Run(() => second.Database.InitializeAsync()));

        (await _storage.ScalarAsync("SELECT count(*) FROM schema_migrations;")).Should().Be(4L);
        (await _storage.ScalarAsync("SELECT count(*) FROM meta WHERE key = 'key_check';")).Should().Be(1L);
    }

    [Fact]
    public async Task Initialize_DatabaseFromANewerBuild_FailsClearly()
    {
        await _storage.Database.InitializeAsync();
        await _storage.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 0);");
        await using var restarted = SqliteTestStorage.Open(_storage.DataDirectory, _storage.Keys);

        var act = () => restarted.Database.InitializeAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("schema version 99").And.Contain("Upgrade ByokAgent");
    }

    [Fact]
    public async Task Initialize_WithAnotherMasterKey_FailsWithTheStartupMessage()
    {
        await _storage.Database.InitializeAsync();
        var otherKeys = new MasterKeyRing(MasterKey.Generate(), new MasterKeySource(FromEnvironment: false, Path.Combine(_storage.DataDirectory, "master.key")));
        await using var restarted = SqliteTestStorage.Open(_storage.DataDirectory, otherKeys);

        var act = () => restarted.Database.InitializeAsync();

        var error = (await act.Should().ThrowAsync<MasterKeyException>()).Which;
        error.Message.Should().StartWith($"The master key does not match this database: BYOK_MASTER_KEY or {Path.Combine(_storage.DataDirectory, "master.key")} changed since the secrets were stored");
        await FluentActions.Invoking(() => restarted.Projects.ListAsync()).Should().ThrowAsync<MasterKeyException>("no store works with the wrong key");
    }
}
