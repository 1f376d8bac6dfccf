using ByokAgent.Providers;
using ByokAgent.Security;
using ByokAgent.Storage.Sqlite;

namespace ByokAgent.Tests.Storage;

public sealed class SqliteMasterKeyRotationTests : IAsyncLifetime
{
    private const string ProviderKey = "sk-proj-ROTATION-0123456789";

    private readonly string _directory = SqliteTestStorage.NewDataDirectory();
    private readonly List<SqliteTestStorage> _opened = [];

    private string KeyFile => Path.Combine(_directory, "master.key");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Rotate_WithAKeyFile_RewritesTheFile_AndSecretsOpenWithTheNewKeyOnly()
    {
        var storage = Open(MasterKeyLoader.Load(_directory, environmentValue: null));
        var oldKey = storage.Keys.Current;
        var (projectId, configId, wrappedBefore) = await SeedAsync(storage);

        var result = await new SqliteMasterKeyRotation(storage.Database, storage.Protector, storage.Keys).RotateAsync();

        result.Should().Be(new ByokAgent.Storage.MasterKeyRotationResult(ProjectCount: 2, KeyFilePath: KeyFile, NewEnvironmentKey: null));
        var newKey = MasterKeyFile.Read(KeyFile);
        newKey.ToBase64().Should().NotBe(oldKey.ToBase64());
        storage.Keys.Current.ToBase64().Should().Be(newKey.ToBase64());
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(KeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.GetFiles(_directory).Where(f => f.Contains("master.key", StringComparison.Ordinal)).Should().Equal(KeyFile);
        (await storage.ModelConfigs.GetAsync(projectId, configId))!.ApiKey.Should().Be(ProviderKey, "the running process switched keys");

        var restarted = Open(MasterKeyLoader.Load(_directory, environmentValue: null));
        (await restarted.ModelConfigs.GetAsync(projectId, configId))!.ApiKey.Should().Be(ProviderKey);

        var wrappedAfter = (string)(await storage.ScalarAsync("SELECT wrapped_data_key FROM projects WHERE id = $id;", ("$id", projectId)))!;
        wrappedAfter.Should().NotBe(wrappedBefore);
        var ciphertext = (string)(await storage.ScalarAsync("SELECT encrypted_api_key FROM model_configs WHERE id = $id;", ("$id", configId)))!;
        var binding = new SecretBinding(projectId, configId, "api_key");
        Protector(oldKey).Invoking(p => p.Unprotect(wrappedAfter, binding, ciphertext)).Should().Throw<SecretDecryptionException>();
        Protector(newKey).Unprotect(wrappedAfter, binding, ciphertext).Should().Be(ProviderKey);

        var withOldKey = Open(new MasterKeyRing(oldKey, new MasterKeySource(FromEnvironment: true, KeyFile)));
        await withOldKey.Invoking(s => s.Database.InitializeAsync()).Should().ThrowAsync<MasterKeyException>();
    }

    [Fact]
    public async Task Rotate_WithTheEnvironmentKey_ReturnsTheNewKeyOnce_AndWritesNoFile()
    {
        var oldKey = MasterKey.Generate();
        var storage = Open(MasterKeyLoader.Load(_directory, oldKey.ToBase64()));
        var (projectId, configId, _) = await SeedAsync(storage);

        var result = await new SqliteMasterKeyRotation(storage.Database, storage.Protector, storage.Keys).RotateAsync();

        result.KeyFilePath.Should().BeNull();
        result.ProjectCount.Should().Be(2);
        result.ToString().Should().NotContain(result.NewEnvironmentKey!);
        var newKey = MasterKey.FromBase64(result.NewEnvironmentKey!);
        File.Exists(KeyFile).Should().BeFalse();

        var restarted = Open(MasterKeyLoader.Load(_directory, newKey.ToBase64()));
        (await restarted.ModelConfigs.GetAsync(projectId, configId))!.ApiKey.Should().Be(ProviderKey);
        var stale = Open(MasterKeyLoader.Load(_directory, oldKey.ToBase64()));
        (await stale.Invoking(s => s.Database.InitializeAsync()).Should().ThrowAsync<MasterKeyException>())
            .Which.Message.Should().Contain("does not match this database");
    }

    [Fact]
    public async Task Rotate_ThenWrite_NewSecretsUseTheNewKey()
    {
        var storage = Open(MasterKeyLoader.Load(_directory, environmentValue: null));
        await storage.Database.InitializeAsync();

        var result = await new SqliteMasterKeyRotation(storage.Database, storage.Protector, storage.Keys).RotateAsync();
        var project = (await storage.Projects.CreateAsync("after")).Project;
        var entry = await storage.ModelConfigs.AddAsync(project.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o", ApiKey = ProviderKey }, makeDefault: true);

        result.ProjectCount.Should().Be(0);
        var restarted = Open(MasterKeyLoader.Load(_directory, environmentValue: null));
        (await restarted.ModelConfigs.GetAsync(project.Id, entry.Id))!.ApiKey.Should().Be(ProviderKey);
    }

    private static AesGcmSecretProtector Protector(MasterKey key) =>
        new(new MasterKeyRing(key, new MasterKeySource(FromEnvironment: true, "/unused/master.key")));

    private static async Task<(string ProjectId, string ConfigId, string WrappedBefore)> SeedAsync(SqliteTestStorage storage)
    {
        var project = (await storage.Projects.CreateAsync("alpha")).Project;
        await storage.Projects.CreateAsync("beta");
        var entry = await storage.ModelConfigs.AddAsync(project.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o", ApiKey = ProviderKey }, makeDefault: true);
        var wrapped = (string)(await storage.ScalarAsync("SELECT wrapped_data_key FROM projects WHERE id = $id;", ("$id", project.Id)))!;
        return (project.Id, entry.Id, wrapped);
    }

    private SqliteTestStorage Open(MasterKeyRing keys)
    {
        var storage = SqliteTestStorage.Open(_directory, keys);
        _opened.Add(storage);
        return storage;
    }
}
