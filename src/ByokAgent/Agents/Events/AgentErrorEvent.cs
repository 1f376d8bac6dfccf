namespace ByokAgent.Agents.Events;

/// <summary>The turn failed; the last event of a failed turn. The session's history is as it was before the turn.</summary>
/// <param name="Code">A stable code (<see cref="AgentErrorCodes"/>).</param>
/// <param name="Message">One line for the user, free of secrets and stack traces.</param>
/// <param name="Exception">What failed, for the embedding program (never serialized to clients).</param>
public sealed record AgentErrorEvent(string Code, string Message, Exception? Exception = null) : AgentEvent
{
    public override string Type => "error";
}
