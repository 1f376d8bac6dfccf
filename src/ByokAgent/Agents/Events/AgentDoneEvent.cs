namespace ByokAgent.Agents.Events;

/// <summary>The turn completed; the last event of a successful turn.</summary>
public sealed record AgentDoneEvent(AgentTurnResult Result) : AgentEvent
{
    public override string Type => "done";
}
