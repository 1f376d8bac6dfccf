namespace ByokAgent.Projects;

/// <summary>A stored model config as it may be shown: everything but secrets, and whether a key is set.</summary>
/// <param name="Id">The config id.</param>
/// <param name="ProjectId">The owning project.</param>
/// <param name="Provider">The provider id.</param>
/// <param name="Model">The model id.</param>
/// <param name="ApiHost">The typed host, or <see langword="null"/> for the provider's default.</param>
/// <param name="Extras">The non-secret extras (secret extras are left out).</param>
/// <param name="IsDefault">Whether this is the project's default config ("Set as Default").</param>
/// <param name="HasProviderKey">Whether a provider key is stored.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Status">Whether it is known to work: validated, unchecked, or invalid (a failed validation or a key rejected at run time).</param>
/// <param name="StatusMessage">Why it is invalid (the user-facing line), when it is.</param>
public sealed record ModelConfigEntry(
    string Id,
    string ProjectId,
    string Provider,
    string Model,
    string? ApiHost,
    IReadOnlyDictionary<string, string> Extras,
    bool IsDefault,
    bool HasProviderKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ModelConfigStatus Status = ModelConfigStatus.Unchecked,
    string? StatusMessage = null);
