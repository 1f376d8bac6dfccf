using ByokAgent.Providers;
using ByokAgent.Security;

namespace ByokAgent.Projects;

/// <summary>A model config row as every store backend keeps it: plain columns, JSON columns as text, secrets sealed.</summary>
/// <remarks>One type for SQLite and PostgreSQL, so what is listed and what is decrypted cannot drift between them.</remarks>
internal sealed record ModelConfigRow(
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
    string WrappedDataKey,
    string? Status = null,
    string? StatusMessage = null)
{
    /// <summary>The row as it may be listed: no secrets, only whether a key is stored.</summary>
    public ModelConfigEntry ToEntry() =>
        new(Id, ProjectId, Provider, Model, ApiHost, ModelConfigColumns.FromJson(Extras), IsDefault,
            ModelConfigColumns.HasProviderKey(EncryptedApiKey, ModelConfigColumns.FromJson(EncryptedExtras)), CreatedAt, UpdatedAt,
            ModelConfigColumns.ParseStatus(Status), StatusMessage);

    /// <summary>The row as a config for a provider call, its secrets decrypted.</summary>
    public ModelConfig ToConfig(ISecretProtector protector)
    {
        var sealer = new ModelConfigSealer(protector, WrappedDataKey, ProjectId, Id);
        var extras = ModelConfigColumns.FromJson(Extras);
        foreach (var (name, ciphertext) in ModelConfigColumns.FromJson(EncryptedExtras))
        {
            extras[name] = sealer.Open(name, ciphertext);
        }

        return new ModelConfig
        {
            Provider = Provider,
            Model = Model,
            ApiHost = ApiHost,
            ApiKey = EncryptedApiKey is null ? null : sealer.Open(ModelConfigSecrets.ApiKeyField, EncryptedApiKey),
            Extras = extras,
            Headers = ModelConfigColumns.FromJson(Headers),
            Proxy = Proxy,
        };
    }
}
