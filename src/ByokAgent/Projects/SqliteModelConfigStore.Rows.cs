using System.Text.Json;
using ByokAgent.Providers;
using ByokAgent.Security;
using ByokAgent.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace ByokAgent.Projects;

/// <summary>Reading rows and turning them into entries (no secrets) or configs (secrets decrypted).</summary>
internal sealed partial class SqliteModelConfigStore
{
    private const string SelectRow =
        """
        SELECT c.id, c.project_id, c.provider, c.model, c.api_host, c.extras, c.encrypted_api_key, c.encrypted_extras,
               c.headers, c.proxy, c.is_default, c.created_at, c.updated_at, p.wrapped_data_key
        FROM model_configs c JOIN projects p ON p.id = c.project_id
        WHERE
        """;

    private async Task<List<ConfigRow>> ReadRowsAsync(string where, string projectId, string? configId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadRowsAsync(connection, transaction: null, where, projectId, configId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ConfigRow?> ReadRowAsync(SqliteConnection connection, SqliteTransaction transaction, string where, string projectId, string configId, CancellationToken cancellationToken) =>
        (await ReadRowsAsync(connection, transaction, where, projectId, configId, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    private static async Task<List<ConfigRow>> ReadRowsAsync(SqliteConnection connection, SqliteTransaction? transaction, string where, string projectId, string? configId, CancellationToken cancellationToken)
    {
        using var select = connection.CreateCommand($"{SelectRow} {where};", transaction);
        select.Add("$project", projectId);
        if (configId is not null)
        {
            select.Add("$id", configId);
        }

        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var rows = new List<ConfigRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new ConfigRow(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4),
                    reader.GetString(5), reader.GetNullableString(6), reader.GetString(7), reader.GetString(8), reader.GetNullableString(9),
                    reader.GetInt64(10) == 1, reader.GetTime(11), reader.GetTime(12), reader.GetString(13)));
            }

            return rows;
        }
    }

    private static ModelConfigEntry ToEntry(ConfigRow row) =>
        new(row.Id, row.ProjectId, row.Provider, row.Model, row.ApiHost, FromJson(row.Extras), row.IsDefault,
            HasProviderKey(row.EncryptedApiKey, FromJson(row.EncryptedExtras)), row.CreatedAt, row.UpdatedAt);

    private ModelConfig ToConfig(ConfigRow row)
    {
        var sealer = new Sealer(_protector, row.WrappedDataKey, row.ProjectId, row.Id);
        var extras = FromJson(row.Extras);
        foreach (var (name, ciphertext) in FromJson(row.EncryptedExtras))
        {
            extras[name] = sealer.Open(name, ciphertext);
        }

        return new ModelConfig
        {
            Provider = row.Provider,
            Model = row.Model,
            ApiHost = row.ApiHost,
            ApiKey = row.EncryptedApiKey is null ? null : sealer.Open(ModelConfigSecrets.ApiKeyField, row.EncryptedApiKey),
            Extras = extras,
            Headers = FromJson(row.Headers),
            Proxy = row.Proxy,
        };
    }

    // Bedrock's access key id + secret access key are as much "the provider key" as an API key is.
    private static bool HasProviderKey(string? encryptedApiKey, Dictionary<string, string> encryptedExtras) =>
        encryptedApiKey is not null || encryptedExtras.Count > 0;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string ToJson(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    private static Dictionary<string, string> FromJson(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.OrdinalIgnoreCase);

    /// <summary>A row as stored: plain columns, JSON columns as text, ciphertexts sealed.</summary>
    private sealed record ConfigRow(
        string Id,
        string ProjectId,
        string Provider,
        string Model,
        string? ApiHost,
        string Extras,
        string? EncryptedApiKey,
        string EncryptedExtras,
        string Headers,
        string? Proxy,
        bool IsDefault,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        string WrappedDataKey);

    /// <summary>Seals and opens the secrets of one config, each bound to its field.</summary>
    private readonly record struct Sealer(ISecretProtector Protector, string WrappedDataKey, string ProjectId, string ConfigId)
    {
        public string Seal(string field, string plaintext) => Protector.Protect(WrappedDataKey, new SecretBinding(ProjectId, ConfigId, field), plaintext);

        public string Open(string field, string ciphertext) => Protector.Unprotect(WrappedDataKey, new SecretBinding(ProjectId, ConfigId, field), ciphertext);
    }
}
