using ByokAgent.Security;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Storage.Sqlite;

/// <summary><see cref="IMasterKeyRotation"/> for the embedded database: the shared protocol, re-wrapping under SQLite's write lock.</summary>
internal sealed class SqliteMasterKeyRotation(SqliteDatabase database, ISecretProtector protector, MasterKeyRing keys) : MasterKeyRotation(protector, keys)
{
    protected override Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    protected override async Task<int> RewrapAllAsync(MasterKey oldKey, MasterKey newKey, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginWrite();
            await using (transaction.ConfigureAwait(false))
            {
                var wrapped = new List<(string ProjectId, string WrappedDataKey)>();
                using (var select = connection.CreateCommand("SELECT id, wrapped_data_key FROM projects;", transaction))
                {
                    var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            wrapped.Add((reader.GetString(0), reader.GetString(1)));
                        }
                    }
                }

                using (var update = connection.CreateCommand("UPDATE projects SET wrapped_data_key = $wrapped WHERE id = $id;", transaction))
                {
                    var id = update.Parameters.Add("$id", SqliteType.Text);
                    var value = update.Parameters.Add("$wrapped", SqliteType.Text);
                    foreach (var (projectId, wrappedDataKey) in wrapped)
                    {
                        id.Value = projectId;
                        value.Value = Protector.RewrapDataKey(projectId, wrappedDataKey, newKey);
                        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await SqliteDatabase.WriteKeyCheckAsync(connection, transaction, Protector.CreateKeyCheck(newKey), cancellationToken).ConfigureAwait(false);

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

                return wrapped.Count;
            }
        }
    }
}
