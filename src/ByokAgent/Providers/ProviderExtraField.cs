namespace ByokAgent.Providers;

/// <summary>A provider-specific setting of a model config beyond key, host and model (Azure's deployment, Bedrock's region).</summary>
/// <param name="Name">The field name as typed by users (<c>--set name=value</c>) and stored in <see cref="ModelConfig.Extras"/>.</param>
/// <param name="Description">One line telling a user what to enter.</param>
/// <param name="Required">Whether a config is incomplete without it.</param>
/// <param name="Secret">Whether the value is a credential: encrypted at rest and never displayed, like the API key.</param>
/// <param name="DefaultValue">The value used when the field is left empty, if any.</param>
public sealed record ProviderExtraField(
    string Name,
    string Description,
    bool Required = false,
    bool Secret = false,
    string? DefaultValue = null);
