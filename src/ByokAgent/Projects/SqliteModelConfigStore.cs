using ByokAgent.Providers;
using ByokAgent.Security;
using ByokAgent.Storage;
using ByokAgent.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Projects;

/// <summary><see cref="IModelConfigStore"/> in the embedded database, with secrets sealed by <see cref="ISecretProtector"/>.</summary>
/// <remarks>
/// <para>Thread-safe. Every change runs in one <c>BEGIN IMMEDIATE</c> transaction, so "exactly one default per project
/// once it has a config" holds under concurrent writers; a partial unique index backs "at most one".</para>
/// <para>Secrets (the key and every extra the catalog marks secret) are stored only as ciphertexts bound to their
/// project, config and field.</para>
/// </remarks>
internal sealed partial class SqliteModelConfigStore : IModelConfigStore
{
    private readonly SqliteDatabase _database;
    private readonly ISecretProtector _protector;
    private readonly TimeProvider _clock;

    public SqliteModelConfigStore(SqliteDatabase database, ISecretProtector protector, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(clock);
        _database = database;
        _protector = protector;
        _clock = clock;
    }

    public async Task<ModelConfigEntry> AddAsync(string projectId, ModelConfig config, bool makeDefault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(config);
        var (plain, secret) = ModelConfigSecrets.SplitExtras(config);
        var now = _clock.Now();
        var id = StoreIds.NewModelConfigId(now);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginWrite();
            await using (transaction.ConfigureAwait(false))
            {
                var wrappedDataKey = await ReadWrappedDataKeyAsync(connection, transaction, projectId, cancellationToken).ConfigureAwait(false)
                    ?? throw new ProjectNotFoundException(projectId);
                var sealer = new ModelConfigSealer(_protector, wrappedDataKey, projectId, id);
                var encryptedApiKey = ModelConfigSecrets.GetApiKeyChange(config) == ModelConfigSecrets.ApiKeyChange.Set
                    ? sealer.Seal(ModelConfigSecrets.ApiKeyField, config.ApiKey!)
                    : null;
                var encryptedExtras = secret.Where(e => !string.IsNullOrWhiteSpace(e.Value))
                    .ToDictionary(e => e.Key, e => sealer.Seal(e.Key, e.Value), StringComparer.OrdinalIgnoreCase);

                var isFirst = (long)(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM model_configs WHERE project_id = $project;", projectId, cancellationToken).ConfigureAwait(false))! == 0;
                var isDefault = makeDefault || isFirst;
                if (isDefault)
                {
                    await ClearDefaultAsync(connection, transaction, projectId, cancellationToken).ConfigureAwait(false);
                }

                using var insert = connection.CreateCommand(
                    """
                    INSERT INTO model_configs (id, project_id, provider, model, api_host, extras, encrypted_api_key, encrypted_extras, headers, proxy, is_default, created_at, updated_at)
                    VALUES ($id, $project, $provider, $model, $apiHost, $extras, $encryptedApiKey, $encryptedExtras, $headers, $proxy, $isDefault, $now, $now);
                    """,
                    transaction);
                insert.Add("$id", id).Add("$project", projectId).Add("$provider", config.Descriptor.Id).Add("$model", config.Model)
                    .Add("$apiHost", ModelConfigColumns.NullIfBlank(config.ApiHost)).Add("$extras", ModelConfigColumns.ToJson(plain)).Add("$encryptedApiKey", encryptedApiKey)
                    .Add("$encryptedExtras", ModelConfigColumns.ToJson(encryptedExtras)).Add("$headers", ModelConfigColumns.ToJson(config.Headers)).Add("$proxy", ModelConfigColumns.NullIfBlank(config.Proxy))
                    .Add("$isDefault", isDefault).Add("$now", now.ToStored());
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                return new ModelConfigEntry(id, projectId, config.Descriptor.Id, config.Model, ModelConfigColumns.NullIfBlank(config.ApiHost), plain, isDefault,
                    ModelConfigColumns.HasProviderKey(encryptedApiKey, encryptedExtras), now, now);
            }
        }
    }

    public async Task<ModelConfigEntry?> UpdateAsync(string projectId, string configId, ModelConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(configId);
        ArgumentNullException.ThrowIfNull(config);
        var (plain, secret) = ModelConfigSecrets.SplitExtras(config);
        var provider = config.Descriptor.Id;
        var now = _clock.Now();
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginWrite();
            await using (transaction.ConfigureAwait(false))
            {
                if (await ReadRowAsync(connection, transaction, "c.id = $id AND c.project_id = $project", projectId, configId, cancellationToken).ConfigureAwait(false) is not { } row)
                {
                    return null;
                }

                var sealer = new ModelConfigSealer(_protector, row.WrappedDataKey, projectId, configId);
                var keyChange = ModelConfigSecrets.GetApiKeyChange(config);
                var sameDestination = ModelConfigSecrets.IsSameDestination(row.Provider, row.ApiHost, config);
                ModelConfigSecrets.EnsureKeyMayStay(sameDestination, keyChange, row.EncryptedApiKey is not null);
                var encryptedApiKey = keyChange switch
                {
                    ModelConfigSecrets.ApiKeyChange.Keep => row.EncryptedApiKey,
                    ModelConfigSecrets.ApiKeyChange.Remove => null,
                    _ => sealer.Seal(ModelConfigSecrets.ApiKeyField, config.ApiKey!),
                };
                var encryptedExtras = sameDestination
                    ? ModelConfigColumns.FromJson(row.EncryptedExtras)
                    : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (name, value) in secret)
                {
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        encryptedExtras.Remove(name);
                    }
                    else
                    {
                        encryptedExtras[name] = sealer.Seal(name, value);
                    }
                }

                using var update = connection.CreateCommand(
                    """
                    UPDATE model_configs
                    SET provider = $provider, model = $model, api_host = $apiHost, extras = $extras, encrypted_api_key = $encryptedApiKey,
                        encrypted_extras = $encryptedExtras, headers = $headers, proxy = $proxy, updated_at = $now,
                        status = NULL, status_message = NULL
                    WHERE id = $id AND project_id = $project;
                    """,
                    transaction);
                update.Add("$id", configId).Add("$project", projectId).Add("$provider", provider).Add("$model", config.Model)
                    .Add("$apiHost", ModelConfigColumns.NullIfBlank(config.ApiHost)).Add("$extras", ModelConfigColumns.ToJson(plain)).Add("$encryptedApiKey", encryptedApiKey)
                    .Add("$encryptedExtras", ModelConfigColumns.ToJson(encryptedExtras)).Add("$headers", ModelConfigColumns.ToJson(config.Headers)).Add("$proxy", ModelConfigColumns.NullIfBlank(config.Proxy))
                    .Add("$now", now.ToStored());
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                return new ModelConfigEntry(configId, projectId, provider, config.Model, ModelConfigColumns.NullIfBlank(config.ApiHost), plain, row.IsDefault,
                    ModelConfigColumns.HasProviderKey(encryptedApiKey, encryptedExtras), row.CreatedAt, now);
            }
        }
    }

    public async Task<bool> RemoveAsync(string projectId, string configId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(configId);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginWrite();
            await using (transaction.ConfigureAwait(false))
            {
                using var delete = connection.CreateCommand("DELETE FROM model_configs WHERE id = $id AND project_id = $project RETURNING is_default;", transaction);
                delete.Add("$id", configId).Add("$project", projectId);
                var wasDefault = await delete.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (wasDefault is null)
                {
                    return false;
                }

                if ((long)wasDefault == 1)
                {
                    await ScalarAsync(
                        connection,
                        transaction,
                        "UPDATE model_configs SET is_default = 1 WHERE id = (SELECT id FROM model_configs WHERE project_id = $project ORDER BY created_at, rowid LIMIT 1);",
                        projectId,
                        cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    public async Task<IReadOnlyList<ModelConfigEntry>> ListAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var rows = await ReadRowsAsync("c.project_id = $project ORDER BY c.created_at, c.rowid", projectId, configId: null, cancellationToken).ConfigureAwait(false);
        return rows.Select(row => row.ToEntry()).ToList();
    }

    public async Task<bool> SetDefaultAsync(string projectId, string configId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(configId);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginWrite();
            await using (transaction.ConfigureAwait(false))
            {
                using var exists = connection.CreateCommand("SELECT 1 FROM model_configs WHERE id = $id AND project_id = $project;", transaction);
                exists.Add("$id", configId).Add("$project", projectId);
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    return false;
                }

                // Cleared first: the partial unique index allows one default per project at every statement.
                await ClearDefaultAsync(connection, transaction, projectId, cancellationToken).ConfigureAwait(false);
                using var set = connection.CreateCommand("UPDATE model_configs SET is_default = 1 WHERE id = $id AND project_id = $project;", transaction);
                set.Add("$id", configId).Add("$project", projectId);
                await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    public async Task<bool> SetStatusAsync(string projectId, string configId, ModelConfigStatus status, string? message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(configId);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var update = connection.CreateCommand(
                "UPDATE model_configs SET status = $status, status_message = $message WHERE id = $id AND project_id = $project;",
                transaction: null);
            update.Add("$id", configId).Add("$project", projectId).Add("$status", ModelConfigColumns.StatusValue(status))
                .Add("$message", status == ModelConfigStatus.Invalid ? message : null);
            return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    public async Task<ModelConfig?> GetAsync(string projectId, string configId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(configId);
        var rows = await ReadRowsAsync("c.id = $id AND c.project_id = $project", projectId, configId, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0].ToConfig(_protector);
    }

    public async Task<ModelConfig?> GetDefaultAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var rows = await ReadRowsAsync("c.project_id = $project AND c.is_default = 1", projectId, configId: null, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0].ToConfig(_protector);
    }

    private static async Task ClearDefaultAsync(SqliteConnection connection, SqliteTransaction transaction, string projectId, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, "UPDATE model_configs SET is_default = 0 WHERE project_id = $project AND is_default = 1;", projectId, cancellationToken).ConfigureAwait(false);

    private static async Task<string?> ReadWrappedDataKeyAsync(SqliteConnection connection, SqliteTransaction transaction, string projectId, CancellationToken cancellationToken) =>
        (string?)await ScalarAsync(connection, transaction, "SELECT wrapped_data_key FROM projects WHERE id = $project;", projectId, cancellationToken).ConfigureAwait(false);

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, string projectId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql, transaction);
        command.Add("$project", projectId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
