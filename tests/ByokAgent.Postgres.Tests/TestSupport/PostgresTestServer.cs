using Npgsql;

namespace ByokAgent.Postgres.Tests.TestSupport;

/// <summary>The PostgreSQL server the tests run against: <c>BYOK_TEST_POSTGRES</c>, which <c>scripts/test.sh</c> sets.</summary>
/// <remarks>
/// A missing server is a failure with the fix in its message, never a skip: a green run must mean the PostgreSQL stores
/// were exercised.
/// </remarks>
internal static class PostgresTestServer
{
    public const string EnvironmentVariable = "BYOK_TEST_POSTGRES";

    /// <summary>The server's connection string (to a database the tests may create databases from).</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{EnvironmentVariable} is not set: run ./scripts/test.sh, which starts a throwaway PostgreSQL.");

    /// <summary>The connection string of <paramref name="database"/> on the test server, optionally with a search path.</summary>
    public static string For(string database, string? schema = null) => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        Database = database,
        SearchPath = schema,
    }.ConnectionString;

    /// <summary>Runs one statement on the server's own database (CREATE / DROP DATABASE cannot run inside a transaction).</summary>
    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL server of {EnvironmentVariable} cannot be reached ({exception.Message}): run ./scripts/test.sh, which starts a throwaway PostgreSQL.",
                exception);
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
