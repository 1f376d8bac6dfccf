namespace ByokAgent.Agents.Turns;

/// <summary>
/// Points a session's long-lived pieces (its kernel filters and usage decorator) at the turn running now. A session runs
/// one turn at a time, so a plain reference is enough.
/// </summary>
internal sealed class TurnTracker
{
    public AgentTurn? Current { get; set; }
}
