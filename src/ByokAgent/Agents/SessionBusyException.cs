namespace ByokAgent.Agents;

/// <summary>A turn was started in a session that is already running one; turns of one session never interleave.</summary>
public sealed class SessionBusyException : InvalidOperationException
{
    public SessionBusyException(string sessionId)
        : base($"Session {sessionId} is already running a turn.") => SessionId = sessionId;

    public SessionBusyException()
        : this("unknown")
    {
    }

    public SessionBusyException(string message, Exception innerException)
        : base(message, innerException) => SessionId = "unknown";

    /// <summary>The busy session.</summary>
    public string SessionId { get; } = "unknown";
}
