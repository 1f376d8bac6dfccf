using Npgsql;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>
/// A database of its own on the PostgreSQL server of <c>BYOK_TEST_POSTGRES</c> (which <c>scripts/test.sh</c> starts), dropped
/// on dispose.
/// </summary>
/// <remarks>A missing server fails the test with the fix in the message, never a skip: a green run means it ran.</remarks>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "BYOK_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The connection string of this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a fresh database.</summary>
    /// <exception cref="InvalidOperationException"><c>BYOK_TEST_POSTGRES</c> is not set or its server cannot be reached.</exception>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set, so the PostgreSQL multi-instance test cannot run: run ./scripts/test.sh, or `source scripts/setup/postgres.sh` before dotnet test.");
        var database = new PostgresTestDatabase(server, "byok_server_test_" + Guid.NewGuid().ToString("N"));
        await database.ExecuteAsync($"CREATE DATABASE {database._name};");
        return database;
    }

    /// <summary>The rows of <paramref name="table"/> in this database (proof that the servers really stored there).</summary>
    public async Task<long> CountRowsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table};", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // FORCE: the servers' pools may still hold connections.
    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE);");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        try
        {
            await connection.OpenAsync();
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException($"The PostgreSQL server of {EnvironmentVariable} cannot be reached ({exception.Message}): run ./scripts/test.sh, which starts a throwaway PostgreSQL.", exception);
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
