using ByokAgent.Postgres.Storage;
using ByokAgent.Sessions;
using ByokAgent.Storage;

namespace ByokAgent.Postgres.Sessions;

/// <summary>Appending a turn: the one write that must be atomic and guarded against concurrent writers on any instance.</summary>
internal sealed partial class PostgresSessionStore
{
    // One statement, so one round trip and one implicit transaction. The UPDATE takes the session's row lock; a second
    // writer at the same version waits for it, re-checks "version = @expected" against the committed row, matches nothing,
    // and its inserts (which read only from "bumped") insert nothing.
    private const string AppendSql =
        $"""
        WITH bumped AS (
            UPDATE sessions
            SET version = version + 1, message_count = message_count + @count, updated_at = @now, title = COALESCE(title, @title)
            WHERE id = @id AND project_id = @project AND version = @expected
            RETURNING {SessionColumns}
        ), messages AS (
            INSERT INTO session_messages (session_id, sequence, role, text, payload, created_at)
            SELECT b.id, b.message_count - @count + m.ordinal, m.role, m.text, m.payload, @now
            FROM bumped b, unnest(@roles, @texts, @payloads) WITH ORDINALITY AS m (role, text, payload, ordinal)
        ), usage AS (
            INSERT INTO session_turns (session_id, turn, provider, model, input_tokens, output_tokens, cached_input_tokens, total_tokens, duration, created_at)
            SELECT b.id, b.version, @provider, @model, @input, @output, @cached, @total, @duration, @now
            FROM bumped b
        ), ledger AS (
            INSERT INTO usage_records (project_id, session_id, turn, provider, model, input_tokens, output_tokens, cached_input_tokens, total_tokens, created_at)
            SELECT b.project_id, b.id, b.version, @provider, @model, @input, @output, @cached, @total, @now
            FROM bumped b
        )
        SELECT {SessionColumns} FROM bumped;
        """;

    public async Task<SessionInfo> AppendTurnAsync(string projectId, string sessionId, long expectedVersion, SessionTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(turn.Messages);
        ArgumentNullException.ThrowIfNull(turn.Usage);
        var now = _clock.Now();
        var usage = turn.Usage;
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            List<SessionInfo> appended;
            using (var append = connection.CreateCommand(AppendSql, transaction: null))
            {
                append.Add("id", sessionId).Add("project", projectId).Add("expected", expectedVersion).Add("now", now)
                    .Add("count", turn.Messages.Count).Add("title", SessionTitle.From(turn.Messages))
                    .Add("roles", turn.Messages.Select(m => m.Role).ToArray())
                    .Add("texts", turn.Messages.Select(m => m.Text).ToArray())
                    .Add("payloads", turn.Messages.Select(m => m.Payload).ToArray())
                    .Add("provider", usage.Provider).Add("model", usage.Model).Add("input", usage.InputTokens).Add("output", usage.OutputTokens)
                    .Add("cached", usage.CachedInputTokens).Add("total", usage.TotalTokens).Add("duration", usage.Duration);
                appended = await ReadSessionsAsync(append, cancellationToken).ConfigureAwait(false);
            }

            if (appended.Count == 1)
            {
                return appended[0];
            }

            // Nothing matched: the session is gone (or another project's), or another writer stored a turn first.
            using var exists = connection.CreateCommand("SELECT 1 FROM sessions WHERE id = @id AND project_id = @project;", transaction: null);
            exists.Add("id", sessionId).Add("project", projectId);
            throw await exists.ScalarAsync(cancellationToken).ConfigureAwait(false) is null
                ? new SessionNotFoundException(sessionId)
                : new SessionConflictException(sessionId);
        }
    }
}
