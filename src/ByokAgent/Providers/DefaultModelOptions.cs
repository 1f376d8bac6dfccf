namespace ByokAgent.Providers;

/// <summary>
/// The deployment's default model config, bound from <c>ByokAgent:DefaultModel</c>: used by sessions created without
/// a config of their own. Environment variables override it the .NET way (<c>ByokAgent__DefaultModel__ApiKey</c>).
/// </summary>
public sealed class DefaultModelOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:DefaultModel";

    /// <summary>Whether projects without a model config of their own may use this one. Default on.</summary>
    public bool Enabled { get; set; } = true;

    public string? Provider { get; set; }

    /// <summary>Secret: prefer an environment variable or a secret store to a file.</summary>
    public string? ApiKey { get; set; }

    public string? ApiHost { get; set; }

    public string? Model { get; set; }

    public Dictionary<string, string> Extras { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Proxy { get; set; }

    /// <summary>Whether the fallback is on and names a provider.</summary>
    public bool IsConfigured => Enabled && !string.IsNullOrWhiteSpace(Provider);

    /// <summary>The settings as a <see cref="ModelConfig"/> (not yet validated).</summary>
    public ModelConfig ToModelConfig() => new()
    {
        Provider = Provider ?? string.Empty,
        ApiKey = ApiKey,
        ApiHost = ApiHost,
        Model = Model ?? string.Empty,
        Extras = new Dictionary<string, string>(Extras, StringComparer.OrdinalIgnoreCase),
        Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase),
        Proxy = Proxy,
    };

    /// <summary>Prints the settings without the key.</summary>
    public override string ToString() => ToModelConfig().ToString();
}
