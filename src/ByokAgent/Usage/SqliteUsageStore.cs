using ByokAgent.Storage.Sqlite;

namespace ByokAgent.Usage;

/// <summary><see cref="IUsageStore"/> in the embedded database (<c>usage_records</c>).</summary>
/// <remarks>Thread-safe. Times are Unix milliseconds, so a UTC day is <c>created_at / 86400000</c>.</remarks>
internal sealed class SqliteUsageStore(SqliteDatabase database) : IUsageStore
{
    private const long MillisecondsPerDay = 86_400_000;

    public async Task<IReadOnlyList<UsageRecord>> LoadAsync(string projectId, DateTimeOffset since, DateTimeOffset until, UsageGrouping grouping, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var byDay = grouping.HasFlag(UsageGrouping.Day);
        var bySession = grouping.HasFlag(UsageGrouping.Session);
        var day = byDay ? $"created_at / {MillisecondsPerDay}" : "NULL";
        var session = bySession ? "session_id" : "NULL";
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand(
                $"""
                SELECT {day} AS day, {session} AS session, provider, model, count(*), sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(total_tokens)
                FROM usage_records
                WHERE project_id = $project AND created_at >= $since AND created_at < $until
                GROUP BY 1, 2, provider, model
                ORDER BY 1, 2, provider, model;
                """,
                transaction: null);
            select.Add("$project", projectId).Add("$since", since.ToStored()).Add("$until", until.ToStored());
            var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var records = new List<UsageRecord>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(new UsageRecord(
                        reader.IsDBNull(0) ? null : DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0) * MillisecondsPerDay).UtcDateTime),
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
