namespace ByokAgent.Sessions;

/// <summary>A message read back from the store, with its position and time.</summary>
/// <param name="Sequence">1-based position in the session; increases with every message.</param>
/// <param name="Message">The message.</param>
/// <param name="CreatedAt">When its turn was stored.</param>
public sealed record StoredSessionMessage(long Sequence, SessionMessage Message, DateTimeOffset CreatedAt);
