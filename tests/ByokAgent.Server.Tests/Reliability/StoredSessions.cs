using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>One stored message, as the store's own tables hold it.</summary>
internal sealed record StoredMessage(long Sequence, string Role, string? Text);

/// <summary>One stored session: its counters and its messages in sequence order.</summary>
internal sealed record StoredSession(string Id, long Version, long MessageCount, long TurnRows, IReadOnlyList<StoredMessage> Messages);

/// <summary>Reads <c>byok.db</c> directly, behind the server's back, after it was killed: the ground truth a crash left.</summary>
internal static class SqliteStoreFile
{
    /// <summary>The result of <c>PRAGMA integrity_check</c> and <c>PRAGMA foreign_key_check</c> (<c>ok</c> when sound).</summary>
    public static async Task<IReadOnlyList<string>> CheckIntegrityAsync(string dataDirectory)
    {
        await using var connection = await OpenAsync(dataDirectory);
        var problems = new List<string>();
        await using (var integrity = new SqliteCommand("PRAGMA integrity_check;", connection))
        await using (var reader = await integrity.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                problems.Add(reader.GetString(0));
            }
        }

        await using (var foreignKeys = new SqliteCommand("PRAGMA foreign_key_check;", connection))
        await using (var reader = await foreignKeys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                problems.Add($"foreign key: {reader.GetString(0)} row {reader.GetValue(1)} -> {reader.GetString(2)}");
            }
        }

        return problems;
    }

    /// <summary>Every session of the file with its messages.</summary>
    public static async Task<IReadOnlyList<StoredSession>> ReadSessionsAsync(string dataDirectory)
    {
        await using var connection = await OpenAsync(dataDirectory);
        return await StoredSessions.ReadAsync(connection);
    }

    // Unpooled: the file must be left alone (no connection kept open) when the server starts on it again. Read-write,
    // because the first connection after a crash is the one that recovers the write-ahead log.
    private static async Task<SqliteConnection> OpenAsync(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "byok.db");
        File.Exists(path).Should().BeTrue($"the server stored its database at {path}");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}

/// <summary>Reads the sessions tables the SQLite and PostgreSQL stores share (same tables, same columns).</summary>
internal static class StoredSessions
{
    public static async Task<IReadOnlyList<StoredSession>> ReadAsync(DbConnection connection)
    {
        var messages = new Dictionary<string, List<StoredMessage>>(StringComparer.Ordinal);
        await using (var select = Command(connection, "SELECT session_id, sequence, role, text FROM session_messages ORDER BY session_id, sequence;"))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetString(0);
                if (!messages.TryGetValue(id, out var list))
                {
                    messages[id] = list = [];
                }

                list.Add(new StoredMessage(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        var sessions = new List<StoredSession>();
        await using (var select = Command(connection, "SELECT s.id, s.version, s.message_count, (SELECT count(*) FROM session_turns t WHERE t.session_id = s.id) FROM sessions s ORDER BY s.id;"))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetString(0);
                sessions.Add(new StoredSession(id, Number(reader, 1), Number(reader, 2), Number(reader, 3), messages.GetValueOrDefault(id) ?? []));
            }
        }

        // Messages of a session that does not exist would be orphans too.
        messages.Keys.Except(sessions.Select(s => s.Id)).Should().BeEmpty("every stored message belongs to a stored session");
        return sessions;
    }

    private static long Number(DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
