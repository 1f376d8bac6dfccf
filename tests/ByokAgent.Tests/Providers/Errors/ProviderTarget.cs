using System.Text.Json;
using ByokAgent.Providers;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>One catalog provider pointed at a <see cref="FakeProvider"/>: its real host path on the fake's address, a key shaped like its own, a model.</summary>
/// <param name="Id">The catalog id.</param>
/// <param name="HostPath">The path of the provider's real base URL, after the fake's root.</param>
/// <param name="Model">The model id the config names.</param>
/// <param name="Key">The API key, or <see langword="null"/> (Bedrock signs with AWS credentials instead).</param>
/// <param name="Extras">The provider's extras (Azure's deployment, Bedrock's region and credentials).</param>
internal sealed record ProviderTarget(string Id, string HostPath, string Model, string? Key, IReadOnlyDictionary<string, string> Extras)
{
    /// <summary>The name users read in messages ("Rate limited by {DisplayName}…").</summary>
    public string DisplayName => ProviderCatalog.Get(Id).DisplayName;

    /// <summary>What names the model in requests: Azure's deployment, else the model id.</summary>
    public string ModelOnTheWire => Extras.TryGetValue("deployment", out var deployment) ? deployment : Model;

    /// <summary>The config a user would save for this provider, with the fake as its host.</summary>
    public ModelConfig ConfigFor(FakeProvider fake)
    {
        ArgumentNullException.ThrowIfNull(fake);
        return ConfigAt(fake.BaseUri);
    }

    /// <summary>The config with the provider's real path under another server root (a closed port, an unknown host…).</summary>
    public ModelConfig ConfigAt(Uri root) => new()
    {
        Provider = Id,
        ApiKey = Key,
        ApiHost = new Uri(root, HostPath).ToString(),
        Model = Model,
        Extras = Extras,
    };

    /// <summary>Gives the fake account this model (or Azure deployment), so model lookups and Azure chats succeed.</summary>
    public void Arrange(FakeProvider fake)
    {
        if (!fake.Models.Contains(ModelOnTheWire))
        {
            fake.Models.Add(ModelOnTheWire);
        }
    }

    /// <summary>Whether this request names the configured model: a chat body, a <c>models/{id}</c> path, Bedrock's <c>model/{id}</c>, Azure's deployment.</summary>
    public bool NamesTheModel(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Json?["model"];
        return request.Path.Contains(ModelOnTheWire, StringComparison.Ordinal)
            || (model?.GetValueKind() == JsonValueKind.String && model.GetValue<string>() == ModelOnTheWire);
    }

    public override string ToString() => Id;
}
