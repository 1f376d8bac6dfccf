namespace ByokAgent.Sessions;

/// <summary> another turn was stored first.:The session changed since it was loaded.</summary>
public sealed class SessionConflictException : InvalidOperationException
{
    public SessionConflictException(string sessionId)
        : base($"Session {0} changed since it was loaded") => SessionId = sessionId;

    public SessionConflictException()
        : base(" another turn was stored first.:The session changed since it was loaded.")
    {
    }

    public SessionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The session concerned.</summary>
    public string? SessionId { get; }
}
