using System.Text.Json.Serialization;
using ByokAgent.Projects;
using ByokAgent.Providers;

namespace ByokAgent.Server.ProjectModel;

/// <summary>The body of <c>PUT /v1/project/llm</c>. Without <c>api_key</c>, the stored key is kept (same provider and host).</summary>
public sealed record ProjectModelRequest(
    string? Provider,
    string? ApiKey,
    string? ApiHost,
    string? Model,
    IReadOnlyDictionary<string, string>? Extras,
    IReadOnlyDictionary<string, string>? Headers)
{
    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"ProjectModelRequest {{ Provider = {Provider}, Model = {Model}, HasApiKey = {!string.IsNullOrEmpty(ApiKey)} }}";
}

/// <summary>The project's model as it may be shown: no key, only whether one is stored.</summary>
public sealed record ProjectModelResponse(
    string Provider,
    string Model,
    string? ApiHost,
    IReadOnlyDictionary<string, string> Extras,
    [property: JsonPropertyName("has_provider_key")] bool HasProviderKey,
    string Source,
    string Status)
{
    public static ProjectModelResponse From(ModelConfigEntry entry) => new(
        entry.Provider, entry.Model, entry.ApiHost ?? DefaultHost(entry.Provider), entry.Extras, entry.HasProviderKey, "project", entry.Status.ToString().ToLowerInvariant());

    /// <summary>The deployment's fallback model, shown without its key.</summary>
    public static ProjectModelResponse From(DefaultModelOptions fallback)
    {
        var config = fallback.ToModelConfig();
        var secretNames = ProviderCatalog.Get(config.Provider).ExtraFields.Where(f => f.Secret).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new(config.Provider, config.Model, config.ResolveHost().ToString(),
            config.Extras.Where(e => !secretNames.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value),
            !string.IsNullOrEmpty(config.ApiKey), "deployment", "unchecked");
    }

    private static string? DefaultHost(string provider) =>
        ProviderCatalog.TryGet(provider, out var descriptor) ? descriptor.DefaultHost?.ToString() : null;
}
