using System.Text;
using ByokAgent.Postgres.Projects;
using ByokAgent.Postgres.Sessions;
using ByokAgent.Postgres.Storage;
using ByokAgent.Security;
using ByokAgent.Testing.Contracts;
using Npgsql;

namespace ByokAgent.Postgres.Tests.TestSupport;

/// <summary>
/// The three PostgreSQL stores over one schema of a test database: what one server instance of a deployment has.
/// Several of them over the same schema are several instances sharing one database.
/// </summary>
internal sealed class PostgresTestStorage : IAsyncDisposable
{
    private PostgresTestStorage(string connectionString, MasterKeyRing keys, TimeProvider clock)
    {
        ConnectionString = connectionString;
        Keys = keys;
        Protector = new AesGcmSecretProtector(keys);
        Database = new PostgresDatabase(NpgsqlDataSource.Create(connectionString), Protector, keys);
        Projects = new PostgresProjectStore(Database, Protector, clock);
        ModelConfigs = new PostgresModelConfigStore(Database, Protector, clock);
        Sessions = new PostgresSessionStore(Database, clock);
    }

    public string ConnectionString { get; }

    public MasterKeyRing Keys { get; }

    public AesGcmSecretProtector Protector { get; }

    public PostgresDatabase Database { get; }

    public PostgresProjectStore Projects { get; }

    public PostgresModelConfigStore ModelConfigs { get; }

    public PostgresSessionStore Sessions { get; }

    /// <summary>A new, empty schema in <paramref name="database"/>; returns the connection string that uses it.</summary>
    public static async Task<string> NewSchemaAsync(PostgresTestDatabase database)
    {
        var schema = "s_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(database.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema};", connection);
        await command.ExecuteNonQueryAsync();
        return database.ConnectionString(schema);
    }

    /// <summary>Stores over a new schema with a random master key (as if from <c>BYOK_MASTER_KEY</c>); nothing is created until first use.</summary>
    public static async Task<PostgresTestStorage> CreateAsync(PostgresTestDatabase database, TimeProvider? clock = null, MasterKey? key = null) =>
        Open(await NewSchemaAsync(database), NewKeyRing(key ?? MasterKey.Generate()), clock);

    /// <summary>Stores over an existing schema: another "server instance" of the same deployment.</summary>
    public static PostgresTestStorage Open(string connectionString, MasterKeyRing keys, TimeProvider? clock = null) =>
        new(connectionString, keys, clock ?? TimeProvider.System);

    /// <summary>A key ring as a server started with <c>BYOK_MASTER_KEY</c> has it.</summary>
    public static MasterKeyRing NewKeyRing(MasterKey key) =>
        new(key, new MasterKeySource(FromEnvironment: true, Path.Combine(Path.GetTempPath(), "byok-postgres-tests-unused", MasterKeySource.FileName)));

    /// <summary>The three stores as a contract suite's fixture, over a new schema.</summary>
    public static async Task<StoreFixture> CreateFixtureAsync(PostgresTestDatabase database, TimeProvider clock)
    {
        var storage = await CreateAsync(database, clock);
        await storage.Database.InitializeAsync();
        return new StoreFixture
        {
            Projects = storage.Projects,
            ModelConfigs = storage.ModelConfigs,
            Sessions = storage.Sessions,
            Usage = new ByokAgent.Postgres.Usage.PostgresUsageStore(storage.Database),
            ReadRawStorageAsync = async _ => Encoding.UTF8.GetBytes(string.Join('\n', await storage.DumpAsync())),
            OnDispose = storage.DisposeAsync,
        };
    }

    /// <summary>
    /// Every row of every table of the schema, each as PostgreSQL's text form of the whole row (every column, JSON
    /// included): what someone with read access to the database sees.
    /// </summary>
    public async Task<List<string>> DumpAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1;", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT {table}::text FROM {table};", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add($"{table}: {reader.GetString(0)}");
            }
        }

        return rows;
    }

    /// <summary>Reads one value with raw SQL.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs raw SQL (to tamper with rows the way someone with database access could).</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
