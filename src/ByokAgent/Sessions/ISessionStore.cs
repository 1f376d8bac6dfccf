namespace ByokAgent.Sessions;

/// <summary>
/// Where conversations live (SQLite embedded, PostgreSQL shared). Every method scopes by project: a session id of
/// another project is "not found", never an error that reveals it exists.
/// </summary>
/// <remarks>Implementations pass the same contract suite (tests/ByokAgent.Testing/Contracts).</remarks>
public interface ISessionStore
{
    /// <summary>Creates an empty session.</summary>
    /// <exception cref="Projects.ProjectNotFoundException">The project does not exist.</exception>
    Task<SessionInfo> CreateAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>The session, or <see langword="null"/> when it does not exist in this project.</summary>
    Task<SessionInfo?> GetAsync(string projectId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The project's sessions, most recently updated first.</summary>
    Task<IReadOnlyList<SessionInfo>> ListAsync(string projectId, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>The session's messages in order: all of them, or the last <paramref name="lastCount"/>.</summary>
    /// <exception cref="SessionNotFoundException">The session does not exist in this project.</exception>
    Task<IReadOnlyList<StoredSessionMessage>> LoadMessagesAsync(string projectId, string sessionId, int? lastCount = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a turn's messages atomically (all or none), if the session is still at <paramref name="expectedVersion"/>;
    /// sets the title from the first user message when the session has none.
    /// </summary>
    /// <returns>The session after the append (its version one higher).</returns>
    /// <exception cref="SessionNotFoundException">The session does not exist in this project.</exception>
    /// <exception cref="SessionConflictException">Another writer stored a turn since <paramref name="expectedVersion"/>.</exception>
    Task<SessionInfo> AppendTurnAsync(string projectId, string sessionId, long expectedVersion, SessionTurn turn, CancellationToken cancellationToken = default);

    /// <summary>Deletes the session and its messages; <see langword="false"/> when it did not exist in this project.</summary>
    Task<bool> DeleteAsync(string projectId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every session (of any project) last updated before <paramref name="updatedBefore"/>; returns how many.</summary>
    Task<int> DeleteIdleAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken = default);

    /// <summary>The usage of each stored turn of the session, oldest first.</summary>
    /// <exception cref="SessionNotFoundException">The session does not exist in this project.</exception>
    Task<IReadOnlyList<TurnUsage>> LoadUsageAsync(string projectId, string sessionId, CancellationToken cancellationToken = default);
}
