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

    /// <summary>
    /// Whether an update still sends requests where the stored secrets were meant to go: same provider and host.
    /// </summary>
    /// <remarks>
    /// An update that leaves the key out keeps the stored one; without this check, changing only the host would send a
    /// key its owner never re-entered to a destination they never chose. A Bedrock region change stays with the same
    /// owner (AWS) and keeps the secrets; a typed host does not.
    /// </remarks>
    public static bool IsSameDestination(string storedProvider, string? storedHost, ModelConfig update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return string.Equals(storedProvider, update.Descriptor.Id, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Normalize(storedHost), Normalize(update.ApiHost), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Refuses to keep a stored key for a new destination: the caller must enter the key again.</summary>
    /// <exception cref="ModelConfigException">The update keeps the stored key while changing provider or host.</exception>
    public static void EnsureKeyMayStay(bool sameDestination, ApiKeyChange change, bool hasStoredKey)
    {
        if (!sameDestination && change == ApiKeyChange.Keep && hasStoredKey)
        {
            throw new ModelConfigException(ApiKeyField, "The provider or host changed: enter the API key again (a stored key is never sent to a new destination).");
        }
    }

    private static string Normalize(string? value) => (value ?? string.Empty).Trim().TrimEnd('/');

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
