using ByokAgent.Postgres.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ByokAgent.Postgres.Migrations;

/// <summary>Brings a PostgreSQL database to the latest schema, forward only, recording each step in <c>schema_migrations</c>.</summary>
/// <remarks>
/// Runs in the caller's transaction after it took <see cref="PostgresLocks.Migrations"/>, so two instances starting at
/// once apply each step exactly once: the second waits for the lock, then finds nothing left to do. PostgreSQL DDL is
/// transactional, so a failing step leaves the schema as it was.
/// </remarks>
internal static partial class PostgresMigrator
{
    /// <summary>Applies the migrations above the database's version.</summary>
    /// <returns>The schema version afterwards.</returns>
    /// <exception cref="InvalidOperationException">The database is newer than this build knows.</exception>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(logger);

        await connection.ExecuteAsync(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            transaction,
            cancellationToken).ConfigureAwait(false);

        var current = await GetVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > PostgresMigrations.Latest)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL database {connection.Database} has schema version {current}, newer than this ByokAgent knows ({PostgresMigrations.Latest}). Upgrade ByokAgent; schemas are never downgraded.");
        }

        foreach (var migration in PostgresMigrations.All.Where(m => m.Version > current))
        {
            await connection.ExecuteAsync(migration.Sql, transaction, cancellationToken).ConfigureAwait(false);
            using var record = connection.CreateCommand("INSERT INTO schema_migrations (version, name) VALUES (@version, @name);", transaction);
            record.Add("version", migration.Version).Add("name", migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Log.Applied(logger, migration.Version, migration.Name);
        }

        return Math.Max(current, PostgresMigrations.Latest);
    }

    /// <summary>The highest applied migration, or 0 for a new database.</summary>
    public static async Task<int> GetVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        using var select = connection.CreateCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", transaction);
        return (int)(await select.ScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Applied PostgreSQL migration {Version} ({Name})")]
        public static partial void Applied(ILogger logger, int version, string name);
    }
}
