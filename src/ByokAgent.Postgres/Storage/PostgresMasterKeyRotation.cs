using ByokAgent.Security;
using ByokAgent.Storage;

namespace ByokAgent.Postgres.Storage;

/// <summary><see cref="IMasterKeyRotation"/> for a PostgreSQL database.</summary>
/// <remarks>
/// <para>The steps keep the SQLite rotation's order, so that no failure can leave secrets under a key nobody holds: the
/// new key file (when the key is not from <c>BYOK_MASTER_KEY</c>) is staged before the transaction; this process
/// switches to the new key while the transaction still holds its locks; the staged file replaces the old one only after
/// the commit.</para>
/// <para>The transaction holds <see cref="PostgresLocks.DataKeys"/> exclusively and every project row, so a project
/// created meanwhile by this or another instance either commits before the rotation reads (and is re-wrapped) or waits
/// and wraps with the new key. Other instances keep the old key until they restart: rotate while they are stopped, or
/// restart them right after, with the new key.</para>
/// </remarks>
internal sealed class PostgresMasterKeyRotation : IMasterKeyRotation
{
    private readonly PostgresDatabase _database;
    private readonly ISecretProtector _protector;
    private readonly MasterKeyRing _keys;

    public PostgresMasterKeyRotation(PostgresDatabase database, ISecretProtector protector, MasterKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(keys);
        _database = database;
        _protector = protector;
        _keys = keys;
    }

    public async Task<MasterKeyRotationResult> RotateAsync(CancellationToken cancellationToken = default)
    {
        // Initialization proves the current key is this database's before anything is wrapped again with it.
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var source = _keys.Source;
        var oldKey = _keys.Current;
        var newKey = MasterKey.Generate();
        var staged = source.FromEnvironment ? null : MasterKeyFile.WriteStaged(source.FilePath, newKey);
        int projectCount;
        try
        {
            projectCount = await RewrapAllAsync(oldKey, newKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (staged is not null)
            {
                File.Delete(staged);
            }

            throw;
        }

        if (staged is null)
        {
            return new MasterKeyRotationResult(projectCount, KeyFilePath: null, NewEnvironmentKey: newKey.ToBase64());
        }

        try
        {
            MasterKeyFile.Commit(staged, source.FilePath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new MasterKeyException(
                $"The secrets now use a new master key, but {source.FilePath} could not be replaced ({exception.Message}). The new key is in {staged}: move it to {source.FilePath} before the next start.",
                exception);
        }

        return new MasterKeyRotationResult(projectCount, source.FilePath, NewEnvironmentKey: null);
    }

    private async Task<int> RewrapAllAsync(MasterKey oldKey, MasterKey newKey, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
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
                            rewrapped.Add((projectId, _protector.RewrapDataKey(projectId, reader.GetString(1), newKey)));
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

                await PostgresDatabase.WriteKeyCheckAsync(connection, transaction, _protector.CreateKeyCheck(newKey), cancellationToken).ConfigureAwait(false);

                _keys.Replace(newKey);
                try
                {
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch
                {
                    _keys.Replace(oldKey);
                    throw;
                }

                return rewrapped.Count;
            }
        }
    }
}
