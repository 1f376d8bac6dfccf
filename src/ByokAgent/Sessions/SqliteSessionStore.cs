using ByokAgent.Projects;
using ByokAgent.Storage;
using ByokAgent.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Sessions;

/// <summary><see cref="ISessionStore"/> in the embedded database.</summary>
/// <remarks>
/// Thread-safe. A turn is one <c>BEGIN IMMEDIATE</c> transaction: the version check
/// (<c>UPDATE ... WHERE version = expected</c>), the messages, the usage row and the title commit together or not at all.
/// Reads that need more than one query run in one read transaction (a WAL snapshot).
/// </remarks>
internal sealed partial class SqliteSessionStore : ISessionStore
{
    private const string SessionColumns = "id, project_id, title, created_at, updated_at, message_count, version";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _clock;

    public SqliteSessionStore(SqliteDatabase database, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        _database = database;
        _clock = clock;
    }

    public async Task<SessionInfo> CreateAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var now = _clock.Now();
        var session = new SessionInfo(StoreIds.NewSessionId(now), projectId, Title: null, now, now, MessageCount: 0, Version: 0);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var insert = connection.CreateCommand(
                "INSERT INTO sessions (id, project_id, title, created_at, updated_at, message_count, version) VALUES ($id, $project, NULL, $now, $now, 0, 0);",
                transaction: null);
            insert.Add("$id", session.Id).Add("$project", projectId).Add("$now", now.ToStored());
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException exception) when (exception.IsForeignKeyViolation())
            {
                throw new ProjectNotFoundException(projectId);
            }
        }

        return session;
    }

    public async Task<SessionInfo?> GetAsync(string projectId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(sessionId);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await GetAsync(connection, transaction: null, projectId, sessionId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(string projectId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Ties on the millisecond fall back to the id, whose version 7 GUID orders by creation time.
            using var select = connection.CreateCommand(
                $"SELECT {SessionColumns} FROM sessions WHERE project_id = $project ORDER BY updated_at DESC, id DESC LIMIT $limit OFFSET $offset;",
                transaction: null);
            select.Add("$project", projectId).Add("$limit", limit).Add("$offset", offset);
            return await ReadSessionsAsync(select, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<StoredSessionMessage>> LoadMessagesAsync(string projectId, string sessionId, int? lastCount = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(sessionId);
        if (lastCount is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(lastCount));
        }

        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginRead();
            await using (transaction.ConfigureAwait(false))
            {
                await EnsureExistsAsync(connection, transaction, projectId, sessionId, cancellationToken).ConfigureAwait(false);
                const string Columns = "sequence, role, text, payload, created_at";
                using var select = connection.CreateCommand(
                    lastCount is null
                        ? $"SELECT {Columns} FROM session_messages WHERE session_id = $id ORDER BY sequence;"
                        : $"SELECT * FROM (SELECT {Columns} FROM session_messages WHERE session_id = $id ORDER BY sequence DESC LIMIT $last) ORDER BY sequence;",
                    transaction);
                select.Add("$id", sessionId).Add("$last", lastCount);
                var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var messages = new List<StoredSessionMessage>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        messages.Add(new StoredSessionMessage(
                            reader.GetInt64(0),
                            new SessionMessage(reader.GetString(1), reader.GetNullableString(2), reader.GetString(3)),
                            reader.GetTime(4)));
                    }

                    return messages;
                }
            }
        }
    }

    public async Task<bool> DeleteAsync(string projectId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(sessionId);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Messages and usage go with it (ON DELETE CASCADE).
            using var delete = connection.CreateCommand("DELETE FROM sessions WHERE id = $id AND project_id = $project;", transaction: null);
            delete.Add("$id", sessionId).Add("$project", projectId);
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    public async Task<int> DeleteIdleAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var delete = connection.CreateCommand("DELETE FROM sessions WHERE updated_at < $before;", transaction: null);
            delete.Add("$before", updatedBefore.ToStored());
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<TurnUsage>> LoadUsageAsync(string projectId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(sessionId);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginRead();
            await using (transaction.ConfigureAwait(false))
            {
                await EnsureExistsAsync(connection, transaction, projectId, sessionId, cancellationToken).ConfigureAwait(false);
                using var select = connection.CreateCommand(
                    "SELECT provider, model, input_tokens, output_tokens, total_tokens, duration_us, cached_input_tokens FROM session_turns WHERE session_id = $id ORDER BY turn;",
                    transaction);
                select.Add("$id", sessionId);
                var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var usage = new List<TurnUsage>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        usage.Add(new TurnUsage(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                            TimeSpan.FromMicroseconds(reader.GetInt64(5))) { CachedInputTokens = reader.GetInt64(6) });
                    }

                    return usage;
                }
            }
        }
    }

    private static async Task<SessionInfo?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, string projectId, string sessionId, CancellationToken cancellationToken)
    {
        using var select = connection.CreateCommand($"SELECT {SessionColumns} FROM sessions WHERE id = $id AND project_id = $project;", transaction);
        select.Add("$id", sessionId).Add("$project", projectId);
        return (await ReadSessionsAsync(select, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    private static async Task EnsureExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string projectId, string sessionId, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(connection, transaction, projectId, sessionId, cancellationToken).ConfigureAwait(false))
        {
            throw new SessionNotFoundException(sessionId);
        }
    }

    private static async Task<bool> ExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string projectId, string sessionId, CancellationToken cancellationToken)
    {
        using var exists = connection.CreateCommand("SELECT 1 FROM sessions WHERE id = $id AND project_id = $project;", transaction);
        exists.Add("$id", sessionId).Add("$project", projectId);
        return await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private static async Task<List<SessionInfo>> ReadSessionsAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var sessions = new List<SessionInfo>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sessions.Add(new SessionInfo(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.GetTime(3), reader.GetTime(4),
                    reader.GetInt32(5), reader.GetInt64(6)));
            }

            return sessions;
        }
    }
}
