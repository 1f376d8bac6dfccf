using ByokAgent.Postgres.Projects;
using ByokAgent.Postgres.Sessions;
using ByokAgent.Postgres.Storage;
using ByokAgent.Postgres.Tests.TestSupport;
using ByokAgent.Projects;
using ByokAgent.Sessions;
using ByokAgent.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Postgres.Tests;

/// <summary><c>AddPostgresStorage</c>: the PostgreSQL stores replace the embedded ones, whichever is registered first.</summary>
public sealed class PostgresStorageBuilderExtensionsTests(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "byok-postgres-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddPostgresStorage_ReplacesTheSqliteStores_BeforeOrAfterThem(bool sqliteFirst)
    {
        var connectionString = await PostgresTestStorage.NewSchemaAsync(database);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ByokAgent:Storage:DataDirectory"] = _dataDirectory })
            .Build();
        var services = new ServiceCollection();
        var builder = services.AddByokAgent(configuration);
        if (sqliteFirst)
        {
            services.AddSqliteStorage(configuration);
            builder.AddPostgresStorage(connectionString);
        }
        else
        {
            builder.AddPostgresStorage(connectionString);
            services.AddSqliteStorage(configuration);
        }

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IProjectStore>().Should().BeOfType<PostgresProjectStore>();
        provider.GetRequiredService<IModelConfigStore>().Should().BeOfType<PostgresModelConfigStore>();
        provider.GetRequiredService<ISessionStore>().Should().BeOfType<PostgresSessionStore>();
        provider.GetRequiredService<IMasterKeyRotation>().Should().BeOfType<PostgresMasterKeyRotation>();
        var initializer = provider.GetRequiredService<IStorageInitializer>();
        initializer.Should().BeOfType<PostgresDatabase>();

        await initializer.InitializeAsync();
        var project = await provider.GetRequiredService<IProjectStore>().GetOrCreateDefaultAsync();
        var session = await provider.GetRequiredService<ISessionStore>().CreateAsync(project.Id);
        session.Id.Should().StartWith("ses_");
        Directory.GetFiles(_dataDirectory).Select(Path.GetFileName).Should().Equal(["master.key"], "the master key is shared; no SQLite database is created");
    }

    [Fact]
    public void AddPostgresStorage_MalformedConnectionString_ThrowsWithoutEchoingIt()
    {
        var builder = new ServiceCollection().AddByokAgent(new ConfigurationBuilder().Build());

        // A password pasted into the wrong keyword: the parser's inner message would quote it.
        var act = () => builder.AddPostgresStorage("Host=db;Port=hunter2-secret");

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("port").And.NotContain("hunter2-secret");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
