using ByokAgent.Projects;
using ByokAgent.Sessions;
using ByokAgent.Usage;

namespace ByokAgent.Testing.Contracts;

/// <summary>The three stores of one backend, over one empty backing store, as a contract suite needs them.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    public required IProjectStore Projects { get; init; }

    public required IModelConfigStore ModelConfigs { get; init; }

    public required ISessionStore Sessions { get; init; }

    /// <summary>The usage ledger the session store writes with each turn.</summary>
    public required IUsageStore Usage { get; init; }

    /// <summary>
    /// Everything the backing store holds, as bytes (SQLite: the database file and its WAL; PostgreSQL: a dump of the
    /// tables), so a suite can prove no secret is stored in clear.
    /// </summary>
    public required Func<CancellationToken, Task<byte[]>> ReadRawStorageAsync { get; init; }

    /// <summary>Releases the backing store (deletes the temporary database).</summary>
    public Func<ValueTask>? OnDispose { get; init; }

    public ValueTask DisposeAsync() => OnDispose?.Invoke() ?? ValueTask.CompletedTask;
}
