using Microsoft.Data.Sqlite;

namespace ByokAgent.Storage.Sqlite;

/// <summary>Small helpers that keep the stores' SQL readable.</summary>
internal static class SqliteCommandExtensions
{
    // Extended result codes (https://sqlite.org/rescode.html).
    private const int ConstraintForeignKey = 787;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    /// <summary>A command in <paramref name="transaction"/> (which may be <see langword="null"/>).</summary>
    /// <remarks>Commands are disposed with a plain <c>using</c>: disposing one only finalizes prepared statements in memory.</remarks>
    public static SqliteCommand CreateCommand(this SqliteConnection connection, string sql, SqliteTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a parameter; <see langword="null"/> becomes SQL NULL.</summary>
    public static SqliteCommand Add(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static async Task<int> ExecuteAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql, transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql, transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Starts a write transaction with <c>BEGIN IMMEDIATE</c>: it takes the write lock up front, so two writers queue on
    /// the busy timeout instead of deadlocking when both try to upgrade a read to a write.
    /// </summary>
    /// <remarks>Synchronous on purpose: Microsoft.Data.Sqlite has no asynchronous I/O, and its async overloads cannot ask for a deferred transaction.</remarks>
    public static SqliteTransaction BeginWrite(this SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    /// <summary>Starts a read transaction: one consistent snapshot (WAL) for several queries.</summary>
    public static SqliteTransaction BeginRead(this SqliteConnection connection) => connection.BeginTransaction(deferred: true);

    public static bool IsUniqueViolation(this SqliteException exception) =>
        exception.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey;

    public static bool IsForeignKeyViolation(this SqliteException exception) =>
        exception.SqliteExtendedErrorCode == ConstraintForeignKey;

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a Unix-milliseconds column.</summary>
    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>The stored form of a time: Unix milliseconds.</summary>
    public static long ToStored(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
