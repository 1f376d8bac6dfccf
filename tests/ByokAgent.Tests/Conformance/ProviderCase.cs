using ByokAgent.Providers;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Conformance;

/// <summary>
/// One row of the provider conformance table: how to point a <see cref="ModelConfig"/> of one provider at a
/// <see cref="FakeProvider"/>, and what that provider's wire must show.
/// </summary>
/// <remarks>Public only because xunit theories are public methods; rows live in <see cref="ProviderCases"/>.</remarks>
public sealed record ProviderCase
{
    /// <summary>The row's name in test output: the provider id, plus the variant when an id has several rows.</summary>
    public required string Name { get; init; }

    /// <summary>The catalog id the config names.</summary>
    public required string ProviderId { get; init; }

    /// <summary>The path after the fake's root that stands for the provider's real host (its real path prefix).</summary>
    public required string HostPath { get; init; }

    public required string Model { get; init; }

    public string? ApiKey { get; init; }

    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    /// <summary>How bodies of this provider's wire are read (system prompt, tools, tool results, streaming).</summary>
    public required WireShape Wire { get; init; }

    /// <summary>How the credentials must appear on the wire.</summary>
    public required WireAuth Auth { get; init; }

    /// <summary>The path a non-streamed chat request must go to.</summary>
    public required string ChatPath { get; init; }

    /// <summary>The path a streamed chat request must go to (differs from <see cref="ChatPath"/> on Bedrock only).</summary>
    public string? StreamPath { get; init; }

    /// <summary>The exact query string every chat request carries (with its <c>?</c>), empty for none.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>Headers every chat request must carry, with their exact values.</summary>
    public IReadOnlyDictionary<string, string> RequiredHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>A rejected call in the provider's own error envelope: a bad key, or an unknown model where keys are optional.</summary>
    public required ProviderError Error { get; init; }

    public string ExpectedStreamPath => StreamPath ?? ChatPath;

    /// <summary>The config a user would save for this provider, with the fake as its host.</summary>
    public ModelConfig ConfigFor(FakeProvider fake) => new()
    {
        Provider = ProviderId,
        ApiKey = ApiKey,
        ApiHost = new Uri(fake.BaseUri, HostPath).ToString(),
        Model = Model,
        Extras = Extras,
    };

    /// <summary>Tells the fake what the provider account has: Azure answers only for deployments that exist.</summary>
    public void Arrange(FakeProvider fake)
    {
        if (Extras.TryGetValue("deployment", out var deployment) && !fake.Models.Contains(deployment))
        {
            fake.Models.Add(deployment);
        }
    }

    public override string ToString() => Name;
}
