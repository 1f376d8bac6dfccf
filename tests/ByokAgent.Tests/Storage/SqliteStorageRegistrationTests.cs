using ByokAgent.Projects;
using ByokAgent.Security;
using ByokAgent.Sessions;
using ByokAgent.Storage;
using ByokAgent.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Storage;

public sealed class SqliteStorageRegistrationTests : IDisposable
{
    private readonly string _directory = SqliteTestStorage.NewDataDirectory();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task AddSqliteStorage_RegistersWorkingStoresOverTheConfiguredDataDirectory()
    {
        await using var services = Build();

        await services.GetRequiredService<IStorageInitializer>().InitializeAsync();
        var projects = services.GetRequiredService<IProjectStore>();
        var project = await projects.GetOrCreateDefaultAsync();
        await services.GetRequiredService<IModelConfigStore>().AddAsync(project.Id, new() { Provider = "openai", Model = "gpt-4o", ApiKey = "sk-di-0123456789" }, makeDefault: true);
        var session = await services.GetRequiredService<ISessionStore>().CreateAsync(project.Id);

        File.Exists(Path.Combine(_directory, "byok.db")).Should().BeTrue();
        (await services.GetRequiredService<IModelConfigStore>().GetDefaultAsync(project.Id))!.ApiKey.Should().Be("sk-di-0123456789");
        (await services.GetRequiredService<ISessionStore>().GetAsync(project.Id, session.Id)).Should().NotBeNull();
        services.GetRequiredService<IStorageInitializer>().Should().BeSameAs(services.GetRequiredService<SqliteDatabase>());
        services.GetRequiredService<IMasterKeyRotation>().Should().BeOfType<SqliteMasterKeyRotation>();
        projects.Should().BeSameAs(services.GetRequiredService<IProjectStore>());
    }

    [Fact]
    public async Task AddSqliteStorage_KeepsStoresRegisteredBeforeIt()
    {
        var collection = new ServiceCollection();
        var other = SqliteTestStorage.Create();
        await using var disposeOther = other;
        collection.AddSingleton<ISessionStore>(other.Sessions);

        collection.AddSqliteStorage(Configuration());
        await using var services = collection.BuildServiceProvider();

        services.GetRequiredService<ISessionStore>().Should().BeSameAs(other.Sessions);
        services.GetRequiredService<IProjectStore>().Should().BeOfType<SqliteProjectStore>();
    }

    [Fact]
    public async Task Initialize_AfterTheMasterKeyChanged_FailsAtStartup_NamingBothSources()
    {
        // The variable, when the test runner has it, would take precedence over the key file this test swaps.
        var ring = MasterKeyLoader.Load(_directory, environmentValue: null);
        await using (var first = SqliteTestStorage.Open(_directory, ring))
        {
            await first.Database.InitializeAsync();
        }

        var keyFile = Path.Combine(_directory, "master.key");
        MasterKeyFile.Commit(MasterKeyFile.WriteStaged(keyFile, MasterKey.Generate()), keyFile);
        await using var second = SqliteTestStorage.Open(_directory, MasterKeyLoader.Load(_directory, environmentValue: null));

        var act = () => second.Database.InitializeAsync();

        (await act.Should().ThrowAsync<MasterKeyException>()).Which.Message.Should()
            .StartWith($"The master key does not match this database: BYOK_MASTER_KEY or {keyFile} changed since the secrets were stored")
            .And.Contain($"the key in use comes from {keyFile}");
    }

    private ServiceProvider Build()
    {
        var collection = new ServiceCollection();
        collection.AddSqliteStorage(Configuration());
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private IConfiguration Configuration() =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ByokAgent:Storage:DataDirectory"] = _directory }).Build();
}
