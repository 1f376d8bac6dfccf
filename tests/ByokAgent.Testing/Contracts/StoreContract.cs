using System.Text.Json;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Sessions;
using Xunit;

namespace ByokAgent.Testing.Contracts;

/// <summary>
/// What the store contract suites share: a fresh backing store per test (from <see cref="CreateStoresAsync"/>) and a
/// <see cref="ManualClock"/> every store of it must take its time from.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    private StoreFixture? _stores;

    /// <summary>The clock the stores use; tests move it to order and age things.</summary>
    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    protected StoreFixture Stores => _stores ?? throw new InvalidOperationException("The stores are created in InitializeAsync.");

    protected IProjectStore Projects => Stores.Projects;

    protected IModelConfigStore ModelConfigs => Stores.ModelConfigs;

    protected ISessionStore Sessions => Stores.Sessions;

    protected ByokAgent.Usage.IUsageStore UsageLedger => Stores.Usage;

    /// <summary>Creates the backend's three stores over a new, empty backing store whose times come from <paramref name="clock"/>.</summary>
    protected abstract Task<StoreFixture> CreateStoresAsync(TimeProvider clock);

    public async Task InitializeAsync() => _stores = await CreateStoresAsync(Clock);

    public async Task DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }
    }

    protected async Task<Project> NewProjectAsync(string name) => (await Projects.CreateAsync(name)).Project;

    protected static ModelConfig OpenAIConfig(string apiKey = "sk-contract-openai-0123456789", string model = "gpt-4o-mini") =>
        new() { Provider = "openai", Model = model, ApiKey = apiKey };

    protected static SessionTurn Turn(params SessionMessage[] messages) =>
        new(messages, new TurnUsage("openai", "gpt-4o-mini", InputTokens: 10, OutputTokens: 5, TotalTokens: 15, TimeSpan.FromMilliseconds(250)));

    protected static SessionMessage User(string text) => Message("user", text);

    protected static SessionMessage Assistant(string text) => Message("assistant", text);

    protected static SessionMessage Message(string role, string? text) =>
        new(role, text, JsonSerializer.Serialize(new { v = 1, role, text }));
}
