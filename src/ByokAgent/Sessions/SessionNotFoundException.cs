namespace ByokAgent.Sessions;

/// <summary>The session does not exist in this project.</summary>
public sealed class SessionNotFoundException : KeyNotFoundException
{
    public SessionNotFoundException(string sessionId)
        : base($"No session {sessionId} in this project.") => SessionId = sessionId;

    public SessionNotFoundException()
        : base("The session does not exist in this project.")
    {
    }

    public SessionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The session concerned.</summary>
    public string? SessionId { get; }
}
