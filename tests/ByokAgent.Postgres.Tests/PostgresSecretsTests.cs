using System.Text;
using ByokAgent.Postgres.Storage;
using ByokAgent.Postgres.Tests.TestSupport;
using ByokAgent.Providers;
using ByokAgent.Security;
using ByokAgent.Storage;
using Npgsql;

namespace ByokAgent.Postgres.Tests;

/// <summary>Secrets at rest in PostgreSQL: never in clear in any column, and a master key rotation is all or nothing.</summary>
public sealed class PostgresSecretsTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>
{
    private const string OpenAIKey = "sk-proj-RECOGNIZABLE-postgres-never-in-clear-0123456789";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPOSTGRESKEY";
    private const string AwsSessionToken = "IQoJb3JpZ2luX2VjEPostgresSessionToken0123456789";

    [Fact]
    public async Task Keys_NeverAppear_InAnyTextColumnOfAnyTable()
    {
        await using var storage = await PostgresTestStorage.CreateAsync(database);
        var created = await storage.Projects.CreateAsync("tenant");
        var rotated = await storage.Projects.RotateKeyAsync(created.Project.Id);
        var projectId = created.Project.Id;
        var openai = await storage.ModelConfigs.AddAsync(projectId, new ModelConfig { Provider = "openai", Model = "gpt-4o-mini", ApiKey = OpenAIKey }, makeDefault: true);
        await storage.ModelConfigs.UpdateAsync(projectId, openai.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o", ApiKey = OpenAIKey + "-v2" });
        await storage.ModelConfigs.AddAsync(projectId, Bedrock(), makeDefault: false);
        var session = await storage.Sessions.CreateAsync(projectId);
        await storage.Sessions.AppendTurnAsync(projectId, session.Id, 0, new([new("user", "hello", "{\"v\":1}")], new("openai", "gpt-4o", 1, 1, 2, TimeSpan.FromSeconds(1))));

        var values = await ReadEveryTextColumnAsync(storage);

        values.Should().Contain(v => v.Value.Contains("AKIAPOSTGRESEXAMPLE", StringComparison.Ordinal), "the scan must reach the stored rows, or it proves nothing");
        string[] secrets = [OpenAIKey, OpenAIKey + "-v2", AwsSecret, AwsSessionToken, "bedrock-api-key-postgres-0123456789", created.ApiKey, rotated!.ApiKey];
        foreach (var secret in secrets)
        {
            foreach (var form in new[] { secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), secret[8..] })
            {
                values.Where(v => v.Value.Contains(form, StringComparison.Ordinal)).Select(v => v.Column)
                    .Should().BeEmpty($"'{secret[..6]}...' must not be stored in clear or as plain base64");
            }
        }
    }

    [Fact]
    public async Task RotateMasterKey_RewrapsEveryDataKey_AndOnlyTheNewKeyOpensTheSecrets()
    {
        await using var storage = await PostgresTestStorage.CreateAsync(database);
        var configs = new List<(string ProjectId, string ConfigId)>();
        for (var i = 0; i < 3; i++)
        {
            var project = (await storage.Projects.CreateAsync($"tenant-{i}")).Project;
            configs.Add((project.Id, (await storage.ModelConfigs.AddAsync(project.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o-mini", ApiKey = $"{OpenAIKey}-{i}" }, makeDefault: true)).Id));
        }

        var oldKey = storage.Keys.Current;
        var wrappedBefore = await WrappedDataKeysAsync(storage);
        var rotation = new PostgresMasterKeyRotation(storage.Database, storage.Protector, storage.Keys);

        var result = await rotation.RotateAsync();

        result.ProjectCount.Should().Be(3);
        result.KeyFilePath.Should().BeNull("the key came from BYOK_MASTER_KEY, so the new one is handed back instead");
        var newKey = MasterKey.FromBase64(result.NewEnvironmentKey!);
        storage.Keys.Current.ToBase64().Should().Be(newKey.ToBase64());
        (await WrappedDataKeysAsync(storage)).Should().OnlyContain(pair => wrappedBefore[pair.Key] != pair.Value).And.HaveCount(3);
        await AssertConfigsOpenAsync(storage, configs);

        // A restarted instance with the new key reads everything; one still on the old key is stopped at start.
        await using (var restarted = PostgresTestStorage.Open(storage.ConnectionString, PostgresTestStorage.NewKeyRing(newKey)))
        {
            await AssertConfigsOpenAsync(restarted, configs);
        }

        await using var stale = PostgresTestStorage.Open(storage.ConnectionString, PostgresTestStorage.NewKeyRing(oldKey));
        await FluentActions.Invoking(() => stale.Database.InitializeAsync()).Should().ThrowAsync<MasterKeyException>();
    }

    [Fact]
    public async Task RotateMasterKey_WithAKeyFile_ReplacesTheFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "byok-postgres-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var keys = MasterKeyLoader.Load(directory, environmentValue: null);
            await using var storage = PostgresTestStorage.Open(await PostgresTestStorage.NewSchemaAsync(database), keys);
            var project = (await storage.Projects.CreateAsync("tenant")).Project;
            var config = await storage.ModelConfigs.AddAsync(project.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o-mini", ApiKey = OpenAIKey }, makeDefault: true);

            var result = await new PostgresMasterKeyRotation(storage.Database, storage.Protector, keys).RotateAsync();

            result.Should().Be(new MasterKeyRotationResult(1, keys.Source.FilePath, NewEnvironmentKey: null));
            MasterKeyFile.Read(keys.Source.FilePath).ToBase64().Should().Be(keys.Current.ToBase64());
            Directory.GetFiles(directory).Should().ContainSingle("the staged key file was moved into place");
            await using var restarted = PostgresTestStorage.Open(storage.ConnectionString, MasterKeyLoader.Load(directory, environmentValue: null));
            (await restarted.ModelConfigs.GetAsync(project.Id, config.Id))!.ApiKey.Should().Be(OpenAIKey);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task RotateMasterKey_WhileProjectsAreCreated_LeavesNoProjectUnderTheOldKey()
    {
        await using var storage = await PostgresTestStorage.CreateAsync(database);
        await storage.Database.InitializeAsync();
        var rotation = new PostgresMasterKeyRotation(storage.Database, storage.Protector, storage.Keys);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var creations = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            var project = (await storage.Projects.CreateAsync($"tenant-{i}")).Project;
            var config = await storage.ModelConfigs.AddAsync(project.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o-mini", ApiKey = $"{OpenAIKey}-{i}" }, makeDefault: true);
            return (project.Id, config.Id);
        })).ToList();
        var rotating = Task.Run(async () =>
        {
            await gate.Task;
            return await rotation.RotateAsync();
        });
        gate.SetResult();

        var configs = await Task.WhenAll(creations);
        var result = await rotating;

        await using var restarted = PostgresTestStorage.Open(storage.ConnectionString, PostgresTestStorage.NewKeyRing(MasterKey.FromBase64(result.NewEnvironmentKey!)));
        await AssertConfigsOpenAsync(restarted, configs);
    }

    private static async Task AssertConfigsOpenAsync(PostgresTestStorage storage, IEnumerable<(string ProjectId, string ConfigId)> configs)
    {
        foreach (var (projectId, configId) in configs)
        {
            (await storage.ModelConfigs.GetAsync(projectId, configId))!.ApiKey.Should().StartWith(OpenAIKey);
        }
    }

    private static async Task<Dictionary<string, string>> WrappedDataKeysAsync(PostgresTestStorage storage)
    {
        await using var connection = await storage.Database.OpenAsync(CancellationToken.None);
        await using var select = new NpgsqlCommand("SELECT id, wrapped_data_key FROM projects;", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var keys = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            keys[reader.GetString(0)] = reader.GetString(1);
        }

        return keys;
    }

    /// <summary>Every non-null value of every text-like column (text, varchar, json, jsonb, bytea as hex) of every table, as text.</summary>
    private static async Task<List<(string Column, string Value)>> ReadEveryTextColumnAsync(PostgresTestStorage storage)
    {
        await using var connection = await storage.Database.OpenAsync(CancellationToken.None);
        var columns = new List<(string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT quote_ident(table_name), quote_ident(column_name) FROM information_schema.columns
            WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
            ORDER BY 1, 2;
            """,
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        columns.Should().Contain(("model_configs", "encrypted_api_key")).And.Contain(("projects", "api_key_hash"));
        var values = new List<(string Column, string Value)>();
        foreach (var (table, column) in columns)
        {
            await using var select = new NpgsqlCommand($"SELECT {column}::text FROM {table} WHERE {column} IS NOT NULL;", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                values.Add(($"{table}.{column}", reader.GetString(0)));
            }
        }

        return values;
    }

    private static ModelConfig Bedrock() => new()
    {
        Provider = "bedrock",
        Model = "anthropic.claude-3-haiku-20240307-v1:0",
        ApiKey = "bedrock-api-key-postgres-0123456789",
        Extras = new Dictionary<string, string>
        {
            ["region"] = "us-east-1",
            ["access_key_id"] = "AKIAPOSTGRESEXAMPLE",
            ["secret_access_key"] = AwsSecret,
            ["session_token"] = AwsSessionToken,
        },
    };
}
