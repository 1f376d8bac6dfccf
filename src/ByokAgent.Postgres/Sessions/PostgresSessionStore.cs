using ByokAgent.Postgres.Storage;
using ByokAgent.Projects;
using ByokAgent.Sessions;
using ByokAgent.Storage;
using Npgsql;

namespace ByokAgent.Postgres.Sessions;

/// <summary><see cref="ISessionStore"/> in a shared PostgreSQL database: several server instances can continue one session.</summary>
/// <remarks>
/// Thread-safe, and safe with other instances on the same database. A turn is one statement (so one transaction): the
/// version check (<c>UPDATE ... WHERE version = expected</c>), the messages, the usage row and the title commit together
/// or not at all, and of two instances appending at the same version exactly one wins. Reads that must tell "no such
/// session" from "no messages" do it in the same statement, so they see one snapshot.
/// </remarks>
internal sealed partial class PostgresSessionStore : ISessionStore
{
    private const string SessionColumns = "id, project_id, title, created_at, updated_at, message_count, version";

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _clock;

    public PostgresSessionStore(PostgresDatabase database, TimeProvider clock)
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
                "INSERT INTO sessions (id, project_id, title, created_at, updated_at, message_count, version) VALUES (@id, @project, NULL, @now, @now, 0, 0);",
                transaction: null);
            insert.Add("id", session.Id).Add("project", projectId).Add("now", now);
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (exception.IsForeignKeyViolation())
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
        var found = await QuerySessionsAsync(
            $"SELECT {SessionColumns} FROM sessions WHERE id = @id AND project_id = @project;",
            c => c.Add("id", sessionId).Add("project", projectId),
            cancellationToken).ConfigureAwait(false);
        return found.SingleOrDefault();
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(string projectId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);

        // Ties on the millisecond fall back to the id, whose version 7 GUID orders by creation time.
        return await QuerySessionsAsync(
            $"SELECT {SessionColumns} FROM sessions WHERE project_id = @project ORDER BY updated_at DESC, id DESC LIMIT @limit OFFSET @offset;",
            c => c.Add("project", projectId).Add("limit", limit).Add("offset", offset),
            cancellationToken).ConfigureAwait(false);
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
            // The left join yields one all-NULL row for a session without messages and no row for a missing one. The
            // inner query reads the primary key backwards, so "the last N" costs N rows however long the session is;
            // LIMIT NULL is no limit.
            using var select = connection.CreateCommand(
                """
                SELECT m.sequence, m.role, m.text, m.payload, m.created_at
                FROM sessions s
                LEFT JOIN LATERAL (
                    SELECT sequence, role, text, payload, created_at FROM session_messages
                    WHERE session_id = s.id ORDER BY sequence DESC LIMIT @last
                ) m ON true
                WHERE s.id = @id AND s.project_id = @project
                ORDER BY m.sequence;
                """,
                transaction: null);
            select.Add("id", sessionId).Add("project", projectId).Add("last", lastCount);
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var messages = new List<StoredSessionMessage>();
                var found = false;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    found = true;
                    if (!reader.IsDBNull(0))
                    {
                        messages.Add(new StoredSessionMessage(
                            reader.GetInt64(0),
                            new SessionMessage(reader.GetString(1), reader.GetNullableString(2), reader.GetString(3)),
                            reader.GetTime(4)));
                    }
                }

                return found ? messages : throw new SessionNotFoundException(sessionId);
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
            using var delete = connection.CreateCommand("DELETE FROM sessions WHERE id = @id AND project_id = @project;", transaction: null);
            delete.Add("id", sessionId).Add("project", projectId);
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    public async Task<int> DeleteIdleAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var delete = connection.CreateCommand("DELETE FROM sessions WHERE updated_at < @before;", transaction: null);

            // Npgsql writes timestamptz only from UTC values.
            delete.Add("before", updatedBefore.ToUniversalTime());
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
            // As for messages: one all-NULL row means a session without turns, no row means no session.
            using var select = connection.CreateCommand(
                """
                SELECT t.provider, t.model, t.input_tokens, t.output_tokens, t.total_tokens, t.duration, t.cached_input_tokens
                FROM sessions s LEFT JOIN session_turns t ON t.session_id = s.id
                WHERE s.id = @id AND s.project_id = @project
                ORDER BY t.turn;
                """,
                transaction: null);
            select.Add("id", sessionId).Add("project", projectId);
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var usage = new List<TurnUsage>();
                var found = false;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    found = true;
                    if (!reader.IsDBNull(0))
                    {
                        usage.Add(new TurnUsage(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                            reader.GetFieldValue<TimeSpan>(5)) { CachedInputTokens = reader.GetInt64(6) });
                    }
                }

                return found ? usage : throw new SessionNotFoundException(sessionId);
            }
        }
    }

    private static async Task<List<SessionInfo>> ReadSessionsAsync(NpgsqlCommand select, CancellationToken cancellationToken)
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

    private async Task<List<SessionInfo>> QuerySessionsAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand(sql, transaction: null);
            bind(command);
            return await ReadSessionsAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }
}
