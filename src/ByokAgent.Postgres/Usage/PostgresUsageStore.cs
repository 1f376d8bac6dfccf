using ByokAgent.Postgres.Storage;
using ByokAgent.Usage;

namespace ByokAgent.Postgres.Usage;

/// <summary><see cref="IUsageStore"/> in PostgreSQL (<c>usage_records</c>), shared by every instance.</summary>
/// <remarks>Thread-safe. A UTC day is <c>(created_at AT TIME ZONE 'UTC')::date</c>, whatever the server's time zone.</remarks>
internal sealed class PostgresUsageStore(PostgresDatabase database) : IUsageStore
{
    public async Task<IReadOnlyList<UsageRecord>> LoadAsync(string projectId, DateTimeOffset since, DateTimeOffset until, UsageGrouping grouping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var day = grouping.HasFlag(UsageGrouping.Day) ? "(created_at AT TIME ZONE 'UTC')::date" : "NULL::date";
        var session = grouping.HasFlag(UsageGrouping.Session) ? "session_id" : "NULL::text";
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand(
                $"""
                SELECT {day} AS day, {session} AS session, provider, model, count(*), sum(input_tokens)::bigint, sum(output_tokens)::bigint,
                       sum(cached_input_tokens)::bigint, sum(total_tokens)::bigint
                FROM usage_records
                WHERE project_id = @project AND created_at >= @since AND created_at < @until
                GROUP BY 1, 2, provider, model
                ORDER BY 1, 2, provider, model;
                """,
                transaction: null);
            select.Add("project", projectId).Add("since", since.ToUniversalTime()).Add("until", until.ToUniversalTime());
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var records = new List<UsageRecord>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(new UsageRecord(
                        reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0),
                        reader.GetNullableString(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.GetInt64(4),
                        reader.GetInt64(5),
                        reader.GetInt64(6),
                        reader.GetInt64(7),
                        reader.GetInt64(8)));
                }

                return records;
            }
        }
    }
}
