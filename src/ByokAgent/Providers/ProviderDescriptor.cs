namespace ByokAgent.Providers;

/// <summary>One row of the provider catalog: what a user picks when bringing a key.</summary>
/// <param name="Id">Stable identifier used in configs, flags and the API (<c>openai</c>, <c>azure-openai</c>).</param>
/// <param name="DisplayName">Human name for menus.</param>
/// <param name="DefaultHost">The host pre-filled for the user, or <see langword="null"/> when the user must provide one.</param>
/// <param name="Wire">The protocol family, which picks the client implementation.</param>
/// <param name="ExtraFields">Provider-specific fields beyond key, host and model.</param>
/// <param name="RequiresApiKey">Whether a key is mandatory (local OpenAI-compatible servers often need none).</param>
public sealed record ProviderDescriptor(
    string Id,
    string DisplayName,
    Uri? DefaultHost,
    WireFamily Wire,
    IReadOnlyList<ProviderExtraField> ExtraFields,
    bool RequiresApiKey = true)
{
    /// <summary>Finds an extra field by name (case-insensitive), or <see langword="null"/>.</summary>
    public ProviderExtraField? FindExtra(string name) =>
        ExtraFields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
