using ByokAgent.Postgres.Tests.TestSupport;
using ByokAgent.Testing.Contracts;

namespace ByokAgent.Postgres.Tests;

/// <summary>The project store contract, against a real PostgreSQL (a schema per test, a database per class).</summary>
public sealed class PostgresProjectStoreTests(PostgresTestDatabase database) : ProjectStoreContract, IClassFixture<PostgresTestDatabase>
{
    protected override Task<StoreFixture> CreateStoresAsync(TimeProvider clock) => PostgresTestStorage.CreateFixtureAsync(database, clock);
}
