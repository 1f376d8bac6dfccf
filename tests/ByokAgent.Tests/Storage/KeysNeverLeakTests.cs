using System.Text;
using ByokAgent.Providers;

namespace ByokAgent.Tests.Storage;

/// <summary>No provider key, AWS secret or master key is ever written to the data directory in a recognisable form.</summary>
public sealed class KeysNeverLeakTests : IAsyncLifetime
{
    private const string OpenAIKey = "sk-proj-LEAKCANARY-9f8e7d6c5b4a3210";
    private const string UpdatedKey = "sk-proj-LEAKCANARY-UPDATED-0011223344";
    private const string BedrockKey = "ABSKLEAKCANARYbedrockapikey0123456789";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/LEAKCANARYSECRETKEY";
    private const string AwsSessionToken = "IQoJb3JpZ2luX2VjLEAKCANARYsessiontoken/+==";

    private readonly SqliteTestStorage _storage = SqliteTestStorage.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task SavedConfigs_LeaveNoKeyInTheDatabaseOrItsWal_InAnyCommonEncoding()
    {
        var project = (await _storage.Projects.CreateAsync("alpha")).Project;
        var openai = await _storage.ModelConfigs.AddAsync(project.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o", ApiKey = OpenAIKey }, makeDefault: true);
        await _storage.ModelConfigs.AddAsync(project.Id, Bedrock(), makeDefault: false);
        await _storage.ModelConfigs.UpdateAsync(project.Id, openai.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o", ApiKey = UpdatedKey });
        (await _storage.ModelConfigs.GetAsync(project.Id, openai.Id))!.ApiKey.Should().Be(UpdatedKey);

        // A connection held open for the scan keeps SQLite from deleting the WAL when a pooled connection closes.
        await using var holdOpen = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_storage.DatabasePath};Pooling=False");
        await holdOpen.OpenAsync();

        // Opening alone touches no file: a first read is what makes this connection hold the WAL (and its index) open.
        await using (var read = holdOpen.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master;";
            await read.ExecuteScalarAsync();
        }

        // Before a checkpoint the rows live in the WAL; after it, in the database file. Both must be clean.
        File.Exists(_storage.DatabasePath + "-wal").Should().BeTrue();
        AssertNoSecretIn(_storage.RawFiles());
        await _storage.ScalarAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        AssertNoSecretIn(_storage.RawFiles());

        Encoding.UTF8.GetString(SqliteTestStorage.ReadShared(_storage.DatabasePath)).Should().Contain("AKIALEAKCANARYEXAMPLE", "the scan must see the stored rows, or it proves nothing");
    }

    [Fact]
    public async Task NothingInTheDataDirectory_HoldsTheMasterKey_ButItsOwnFile()
    {
        await _storage.Database.InitializeAsync();
        var project = (await _storage.Projects.CreateAsync("alpha")).Project;
        await _storage.ModelConfigs.AddAsync(project.Id, Bedrock(), makeDefault: true);
        var masterKey = _storage.Keys.Current.ToBase64();

        // Closing the pooled connections lets SQLite settle its WAL now; otherwise a pool closing mid-scan can delete
        // the -wal file between listing it and reading it.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(_storage.DataDirectory);

        files.Should().NotContain(f => Path.GetFileName(f) == "master.key", "this storage took its key from the environment");
        foreach (var file in files)
        {
            var bytes = SqliteTestStorage.ReadShared(file);
            bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(masterKey)).Should().Be(-1, file);
            bytes.AsSpan().IndexOf(Convert.FromBase64String(masterKey)).Should().Be(-1, file);
        }
    }

    private static ModelConfig Bedrock() => new()
    {
        Provider = "bedrock",
        Model = "anthropic.claude-3-5-haiku-20241022-v1:0",
        ApiKey = BedrockKey,
        Extras = new Dictionary<string, string>
        {
            ["region"] = "us-west-2",
            ["access_key_id"] = "AKIALEAKCANARYEXAMPLE",
            ["secret_access_key"] = AwsSecret,
            ["session_token"] = AwsSessionToken,
        },
    };

    private static void AssertNoSecretIn(IEnumerable<string> files)
    {
        var scanned = files.ToList();
        scanned.Should().NotBeEmpty();
        foreach (var file in scanned)
        {
            var bytes = SqliteTestStorage.ReadShared(file);
            foreach (var secret in new[] { OpenAIKey, UpdatedKey, BedrockKey, AwsSecret, AwsSessionToken })
            {
                foreach (var form in Forms(secret))
                {
                    bytes.AsSpan().IndexOf(form).Should().Be(-1, $"{Path.GetFileName(file)} must not hold a form of '{secret[..10]}...'");
                }
            }
        }
    }

    private static IEnumerable<byte[]> Forms(string secret)
    {
        var utf8 = Encoding.UTF8.GetBytes(secret);
        yield return utf8;
        yield return Encoding.Unicode.GetBytes(secret);
        yield return Encoding.ASCII.GetBytes(Convert.ToBase64String(utf8));
        yield return Encoding.ASCII.GetBytes(Uri.EscapeDataString(secret));

        // A distinctive slice catches a key stored split or partially masked.
        yield return utf8[..16];
    }
}
