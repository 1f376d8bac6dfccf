using ByokAgent.Sessions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ByokAgent.Testing.Faults;

/// <summary>The real store, except that a commit fails while <see cref="Failing"/> is set (a full disk, a lost database).</summary>
public sealed class CommitFailingSessionStore(ISessionStore inner) : ISessionStore
{
    private int _failing;

    /// <summary>While set, <see cref="AppendTurnAsync"/> throws a <see cref="SqliteException"/> and stores nothing.</summary>
    public bool Failing
    {
        get => Volatile.Read(ref _failing) == 1;
        set => Volatile.Write(ref _failing, value ? 1 : 0);
    }

    /// <summary>Wraps the registered <see cref="ISessionStore"/> of <paramref name="services"/> in this decorator.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Single(d => d.ServiceType == typeof(ISessionStore));
        services.Replace(ServiceDescriptor.Singleton<ISessionStore>(provider =>
            new CommitFailingSessionStore((ISessionStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
    }

    /// <inheritdoc />
    public Task<SessionInfo> AppendTurnAsync(string projectId, string sessionId, long expectedVersion, SessionTurn turn, CancellationToken cancellationToken = default) =>
        Failing
            ? throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)
            : inner.AppendTurnAsync(projectId, sessionId, expectedVersion, turn, cancellationToken);

    /// <inheritdoc />
    public Task<SessionInfo> CreateAsync(string projectId, CancellationToken cancellationToken = default) => inner.CreateAsync(projectId, cancellationToken);

    /// <inheritdoc />
    public Task<SessionInfo?> GetAsync(string projectId, string sessionId, CancellationToken cancellationToken = default) => inner.GetAsync(projectId, sessionId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionInfo>> ListAsync(string projectId, int offset, int limit, CancellationToken cancellationToken = default) => inner.ListAsync(projectId, offset, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredSessionMessage>> LoadMessagesAsync(string projectId, string sessionId, int? lastCount = null, CancellationToken cancellationToken = default) => inner.LoadMessagesAsync(projectId, sessionId, lastCount, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string projectId, string sessionId, CancellationToken cancellationToken = default) => inner.DeleteAsync(projectId, sessionId, cancellationToken);

    /// <inheritdoc />
    public Task<int> DeleteIdleAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default) => inner.DeleteIdleAsync(updatedBefore, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TurnUsage>> LoadUsageAsync(string projectId, string sessionId, CancellationToken cancellationToken = default) => inner.LoadUsageAsync(projectId, sessionId, cancellationToken);
}
