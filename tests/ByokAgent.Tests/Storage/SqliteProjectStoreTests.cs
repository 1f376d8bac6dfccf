using ByokAgent.Testing.Contracts;

namespace ByokAgent.Tests.Storage;

/// <summary>The project store contract, against a real SQLite file.</summary>
public sealed class SqliteProjectStoreTests : ProjectStoreContract
{
    protected override Task<StoreFixture> CreateStoresAsync(TimeProvider clock) => SqliteTestStorage.CreateFixtureAsync(clock);
}
