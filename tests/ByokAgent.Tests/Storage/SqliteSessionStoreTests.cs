using ByokAgent.Testing.Contracts;

namespace ByokAgent.Tests.Storage;

/// <summary>The session store contract, against a real SQLite file.</summary>
public sealed class SqliteSessionStoreTests : SessionStoreContract
{
    protected override Task<StoreFixture> CreateStoresAsync(TimeProvider clock) => SqliteTestStorage.CreateFixtureAsync(clock);
}
