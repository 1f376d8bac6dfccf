using ByokAgent.Security;
using ByokAgent.Storage;

namespace ByokAgent.Postgres.Storage;

/// <summary><see cref="IMasterKeyRotation"/> for a PostgreSQL database.</summary>
/// <remarks>
/// <para>The protocol (staging, switching, committing the key file) is <see cref="MasterKeyRotation"/>'s.</para>
/// <para>The transaction holds <see cref="PostgresLocks.DataKeys"/> exclusively and every project row, so a project
/// created meanwhile by this or another instance either commits before the rotation reads (and is re-wrapped) or waits
/// and wraps with the new key. Other instances keep the old key until they restart: rotate while they are stopped, or
/// restart them right after, with the new key.</para>
/// </remarks>
internal sealed class PostgresMasterKeyRotation(PostgresDatabase database, ISecretProtector protector, MasterKeyRing keys) : MasterKeyRotation(protector, keys)
{
    protected override Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    protected override async Task<int> RewrapAllAsync(MasterKey oldKey, MasterKey newKey, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await PostgresDatabase.LockAsync(connection, transaction, PostgresLocks.DataKeys, shared: false, cancellationToken).ConfigureAwait(false);
                var rewrapped = new List<(string ProjectId, string WrappedDataKey)>();
                using (var select = connection.CreateCommand("SELECT id, wrapped_data_key FROM projects ORDER BY id FOR UPDATE;", transaction))
                {
                    var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var projectId = reader.GetString(0);
                            rewrapped.Add((projectId, Protector.RewrapDataKey(projectId, reader.GetString(1), newKey)));
                        }
                    }
                }

                // One statement for every project: a rotation costs two round trips, however many projects there are.
                using (var update = connection.CreateCommand(
                    """
                    UPDATE projects AS p SET wrapped_data_key = n.wrapped_data_key
                    FROM unnest(@ids, @keys) AS n (id, wrapped_data_key)
                    WHERE p.id = n.id;
                    """,
                    transaction))
                {
                    update.Add("ids", rewrapped.Select(r => r.ProjectId).ToArray()).Add("keys", rewrapped.Select(r => r.WrappedDataKey).ToArray());
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await PostgresDatabase.WriteKeyCheckAsync(connection, transaction, Protector.CreateKeyCheck(newKey), cancellationToken).ConfigureAwait(false);

                Keys.Replace(newKey);
                try
                {
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch
                {
                    Keys.Replace(oldKey);
                    throw;
                }

                return rewrapped.Count;
            }
        }
    }
}
