using ByokAgent.Storage;
using ByokAgent.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Sessions;

/// <summary>Appending a turn: the one write that must be atomic and guarded against concurrent writers.</summary>
internal sealed partial class SqliteSessionStore
{
    public async Task<SessionInfo> AppendTurnAsync(string projectId, string sessionId, long expectedVersion, SessionTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(turn.Messages);
        ArgumentNullException.ThrowIfNull(turn.Usage);
        var now = _clock.Now();
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Disposing without commit rolls everything back: a failure anywhere below leaves the session as it was.
            var transaction = connection.BeginWrite();
            await using (transaction.ConfigureAwait(false))
            {
                SessionInfo session;
                using (var bump = connection.CreateCommand(
                    $"""
                    UPDATE sessions
                    SET version = version + 1, message_count = message_count + $count, updated_at = $now, title = COALESCE(title, $title)
                    WHERE id = $id AND project_id = $project AND version = $expected
                    RETURNING {SessionColumns};
                    """,
                    transaction))
                {
                    bump.Add("$id", sessionId).Add("$project", projectId).Add("$expected", expectedVersion)
                        .Add("$count", turn.Messages.Count).Add("$now", now.ToStored()).Add("$title", SessionTitle.From(turn.Messages));
                    var updated = await ReadSessionsAsync(bump, cancellationToken).ConfigureAwait(false);
                    if (updated.Count == 0)
                    {
                        throw await ExistsAsync(connection, transaction, projectId, sessionId, cancellationToken).ConfigureAwait(false)
                            ? new SessionConflictException(sessionId)
                            : new SessionNotFoundException(sessionId);
                    }

                    session = updated[0];
                }

                await InsertMessagesAsync(connection, transaction, sessionId, session.MessageCount - turn.Messages.Count, turn.Messages, now, cancellationToken).ConfigureAwait(false);
                await InsertUsageAsync(connection, transaction, projectId, sessionId, session.Version, turn.Usage, now, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return session;
            }
        }
    }

    private static async Task InsertMessagesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sessionId, long previousCount, IReadOnlyList<SessionMessage> messages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand(
            "INSERT INTO session_messages (session_id, sequence, role, text, payload, created_at) VALUES ($id, $sequence, $role, $text, $payload, $now);",
            transaction);
        insert.Add("$id", sessionId).Add("$now", now.ToStored());
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var role = insert.Parameters.Add("$role", SqliteType.Text);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            sequence.Value = previousCount + i + 1;
            role.Value = (object?)message.Role ?? DBNull.Value;
            text.Value = (object?)message.Text ?? DBNull.Value;
            payload.Value = (object?)message.Payload ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The turn's row in the session, and the same usage in the project's ledger (which outlives the session).
    private static async Task InsertUsageAsync(
        SqliteConnection connection, SqliteTransaction transaction, string projectId, string sessionId, long turnNumber, TurnUsage usage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand(
            """
            INSERT INTO session_turns (session_id, turn, provider, model, input_tokens, output_tokens, cached_input_tokens, total_tokens, duration_us, created_at)
            VALUES ($id, $turn, $provider, $model, $input, $output, $cached, $total, $duration, $now);
            INSERT INTO usage_records (project_id, session_id, turn, provider, model, input_tokens, output_tokens, cached_input_tokens, total_tokens, created_at)
            VALUES ($project, $id, $turn, $provider, $model, $input, $output, $cached, $total, $now);
            """,
            transaction);
        insert.Add("$id", sessionId).Add("$project", projectId).Add("$turn", turnNumber).Add("$provider", usage.Provider).Add("$model", usage.Model)
            .Add("$input", usage.InputTokens).Add("$output", usage.OutputTokens).Add("$cached", usage.CachedInputTokens).Add("$total", usage.TotalTokens)
            .Add("$duration", (long)usage.Duration.TotalMicroseconds).Add("$now", now.ToStored());
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
