namespace ByokAgent.Usage;

/// <summary>
/// The usage of every stored turn, by project. Written with the turn (<see cref="Sessions.ISessionStore.AppendTurnAsync"/>)
/// and kept when the session is deleted, so what a project spent stays counted; deleted with the project.
/// </summary>
/// <remarks>Implementations pass the same contract suite as the session stores (tests/ByokAgent.Testing/Contracts).</remarks>
public interface IUsageStore
{
    /// <summary>The project's usage of turns stored in [<paramref name="since"/>, <paramref name="until"/>), summed per provider and model and per <paramref name="grouping"/>.</summary>
    /// <remarks>An unknown project has no usage (an empty list), as another project's sessions are "not found".</remarks>
    Task<IReadOnlyList<UsageRecord>> LoadAsync(string projectId, DateTimeOffset since, DateTimeOffset until, UsageGrouping grouping, CancellationToken cancellationToken = default);
}
