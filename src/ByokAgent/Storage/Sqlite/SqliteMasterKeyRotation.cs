using ByokAgent.Security;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Storage.Sqlite;

/// <summary><see cref="IMasterKeyRotation"/> for the embedded database.</summary>
/// <remarks>
/// Order matters, so that no step can leave secrets under a key nobody holds: the new key file is staged (0600) before
/// the transaction; the process switches to the new key while the transaction still holds the write lock (so a
/// writer queued behind it wraps with the new key); and the staged file replaces the old one only after the commit. If
/// that last rename fails, the message names the staged file that holds the new key.
/// </remarks>
internal sealed class SqliteMasterKeyRotation : IMasterKeyRotation
{
    private readonly SqliteDatabase _database;
    private readonly ISecretProtector _protector;
    private readonly MasterKeyRing _keys;

    public SqliteMasterKeyRotation(SqliteDatabase database, ISecretProtector protector, MasterKeyRing keys)
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
                        value.Value = _protector.RewrapDataKey(projectId, wrappedDataKey, newKey);
                        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await SqliteDatabase.WriteKeyCheckAsync(connection, transaction, _protector.CreateKeyCheck(newKey), cancellationToken).ConfigureAwait(false);

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

                return wrapped.Count;
            }
        }
    }
}
