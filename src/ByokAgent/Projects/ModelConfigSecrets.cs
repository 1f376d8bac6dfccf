using ByokAgent.Providers;

namespace ByokAgent.Projects;

/// <summary>Which parts of a <see cref="ModelConfig"/> are secrets (stored encrypted, never listed) and which are plain.</summary>
/// <remarks>Shared by every <see cref="IModelConfigStore"/>, so the split cannot drift between SQLite and PostgreSQL.</remarks>
internal static class ModelConfigSecrets
{
    /// <summary>The <see cref="Security.SecretBinding.Field"/> of the provider key.</summary>
    public const string ApiKeyField = "api_key";

    /// <summary>
    /// The config's extras split by the catalog's <see cref="ProviderExtraField.Secret"/> flag; known names take the
    /// catalog's spelling (so the secret binding of <c>Secret_Access_Key</c> is that of <c>secret_access_key</c>).
    /// </summary>
    /// <exception cref="ModelConfigException">The provider is unknown, so no extra can be known to be harmless.</exception>
    public static (Dictionary<string, string> Plain, Dictionary<string, string> Secret) SplitExtras(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var descriptor = config.Descriptor;
        var plain = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var secret = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in config.Extras)
        {
            var field = descriptor.FindExtra(name);
            (field?.Secret == true ? secret : plain)[field?.Name ?? name] = value;
        }

        return (plain, secret);
    }

    /// <summary>A config's key in the form a store acts on.</summary>
    public static ApiKeyChange GetApiKeyChange(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ApiKey switch
        {
            null => ApiKeyChange.Keep,
            { } key when string.IsNullOrWhiteSpace(key) => ApiKeyChange.Remove,
            _ => ApiKeyChange.Set,
        };
    }

    /// <summary>What an update does to the stored provider key.</summary>
    public enum ApiKeyChange
    {
        /// <summary>No key given: the stored one stays.</summary>
        Keep,

        /// <summary>An empty key: the stored one is removed.</summary>
        Remove,

        /// <summary>A new key replaces the stored one.</summary>
        Set,
    }
}
