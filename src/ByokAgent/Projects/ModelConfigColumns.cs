using System.Text.Json;

namespace ByokAgent.Projects;

/// <summary>How model config values are written to and read from columns, the same in every backend.</summary>
internal static class ModelConfigColumns
{
    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string ToJson(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    public static Dictionary<string, string> FromJson(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>status</c> column: <c>valid</c>, <c>invalid</c>, or null for unchecked.</summary>
    public static string? StatusValue(ModelConfigStatus status) => status switch
    {
        ModelConfigStatus.Valid => "valid",
        ModelConfigStatus.Invalid => "invalid",
        _ => null,
    };

    public static ModelConfigStatus ParseStatus(string? value) => value switch
    {
        "valid" => ModelConfigStatus.Valid,
        "invalid" => ModelConfigStatus.Invalid,
        _ => ModelConfigStatus.Unchecked,
    };

    // Bedrock's access key id + secret access key are as much "the provider key" as an API key is.
    public static bool HasProviderKey(string? encryptedApiKey, IReadOnlyDictionary<string, string> encryptedExtras) =>
        encryptedApiKey is not null || encryptedExtras.Count > 0;
}
