namespace ByokAgent.Postgres.Tests.TestSupport;

/// <summary>A database of its own for one test class (an xunit class fixture), dropped when the class is done.</summary>
/// <remarks>Tests inside the class isolate further with a schema each (<see cref="PostgresTestStorage"/>).</remarks>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    private bool _created;

    public string Name { get; } = "byok_test_" + Guid.NewGuid().ToString("N");

    /// <summary>The connection string of this database, optionally with a search path.</summary>
    public string ConnectionString(string? schema = null) => PostgresTestServer.For(Name, schema);

    public async Task InitializeAsync()
    {
        await PostgresTestServer.ExecuteAsync($"CREATE DATABASE {Name};");
        _created = true;
    }

    // FORCE: a test that failed half-way may have left a pooled connection open.
    public async Task DisposeAsync()
    {
        if (_created)
        {
            await PostgresTestServer.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE);");
        }
    }
}
