namespace ByokAgent.Sessions;

/// <summary>The session changed since it was loaded: another turn was stored first.</summary>
public sealed class SessionConflictException : InvalidOperationException
{
    public SessionConflictException(string sessionId)
        : base($"Session {sessionId} changed since it was loaded: another turn was stored first.") => SessionId = sessionId;

    public SessionConflictException()
        : base("The session changed since it was loaded: another turn was stored first.")
    {
    }

    public SessionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The session concerned.</summary>
    public string? SessionId { get; }
}
