using Npgsql;
using NpgsqlTypes;

namespace ByokAgent.Postgres.Storage;

/// <summary>Small helpers that keep the stores' SQL readable.</summary>
internal static class NpgsqlCommandExtensions
{
    /// <summary>A command in <paramref name="transaction"/> (which may be <see langword="null"/>).</summary>
    public static NpgsqlCommand CreateCommand(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction) =>
        new(sql, connection, transaction);

    /// <summary>Adds a typed parameter; <see langword="null"/> is SQL NULL of <typeparamref name="T"/>'s type.</summary>
    public static NpgsqlCommand Add<T>(this NpgsqlCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }

    /// <summary>Adds a <c>jsonb</c> parameter from JSON text.</summary>
    public static NpgsqlCommand AddJson(this NpgsqlCommand command, string name, string json)
    {
        command.Parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Jsonb) { TypedValue = json });
        return command;
    }

    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql, transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first column of the first row, or <see langword="null"/> for no row or SQL NULL.</summary>
    public static async Task<object?> ScalarAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a <c>timestamptz</c> column (always UTC).</summary>
    public static DateTimeOffset GetTime(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>A unique constraint or index was violated; when <paramref name="constraint"/> is given, that one.</summary>
    public static bool IsUniqueViolation(this PostgresException exception, string? constraint = null) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && (constraint is null || exception.ConstraintName == constraint);

    public static bool IsForeignKeyViolation(this PostgresException exception) =>
        exception.SqlState == PostgresErrorCodes.ForeignKeyViolation;
}
