namespace ByokAgent.Sessions;

/// <summary>A stored conversation's header.</summary>
/// <param name="Id">The session id (<c>ses_...</c>).</param>
/// <param name="ProjectId">The owning project.</param>
/// <param name="Title">A short title (the first user message, shortened), or <see langword="null"/> before the first turn.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When its last turn was stored (or its creation).</param>
/// <param name="MessageCount">How many messages it holds.</param>
/// <param name="Version">Incremented by every stored turn: the optimistic-concurrency token of <see cref="ISessionStore.AppendTurnAsync"/>.</param>
public sealed record SessionInfo(
    string Id,
    string ProjectId,
    string? Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount,
    long Version);
