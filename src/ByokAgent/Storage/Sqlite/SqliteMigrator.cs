using Microsoft.Data.Sqlite;

namespace ByokAgent.Storage.Sqlite;

/// <summary>Brings a SQLite database to the latest schema, one recorded migration at a time.</summary>
/// <remarks>
/// Each migration runs in its own <c>BEGIN IMMEDIATE</c> transaction together with its <c>schema_migrations</c> row,
/// and re-reads the version inside it: two processes starting at once apply each script exactly once.
/// </remarks>
internal static class SqliteMigrator
{
    /// <summary>Applies the migrations above the database's version, up to <paramref name="targetVersion"/> (all when null).</summary>
    /// <returns>The schema version afterwards.</returns>
    /// <exception cref="InvalidOperationException">The database is newer than this build knows.</exception>
    public static async Task<int> MigrateAsync(
        SqliteConnection connection,
        IReadOnlyList<SqliteMigration> migrations,
        TimeProvider clock,
        int? targetVersion = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(clock);

        await connection.ExecuteAsync(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT;
            """,
            transaction: null,
            cancellationToken).ConfigureAwait(false);

        var latestKnown = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = await GetVersionAsync(connection, transaction: null, cancellationToken).ConfigureAwait(false);
        if (current > latestKnown)
        {
            throw new InvalidOperationException(
                $"The database {connection.DataSource} has schema version {current}, newer than this ByokAgent knows ({latestKnown}). Upgrade ByokAgent; schemas are never downgraded.");
        }

        foreach (var migration in migrations.Where(m => m.Version > current && m.Version <= (targetVersion ?? latestKnown)))
        {
            await ApplyAsync(connection, migration, clock, cancellationToken).ConfigureAwait(false);
        }

        return await GetVersionAsync(connection, transaction: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The highest applied migration, or 0 for a new database.</summary>
    public static async Task<int> GetVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var version = await connection.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", transaction, cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ApplyAsync(SqliteConnection connection, SqliteMigration migration, TimeProvider clock, CancellationToken cancellationToken)
    {
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (await GetVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) >= migration.Version)
            {
                return;
            }

            await connection.ExecuteAsync(migration.Sql, transaction, cancellationToken).ConfigureAwait(false);
            using var record = connection.CreateCommand(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $appliedAt);", transaction);
            record.Add("$version", migration.Version).Add("$name", migration.Name).Add("$appliedAt", clock.Now().ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
