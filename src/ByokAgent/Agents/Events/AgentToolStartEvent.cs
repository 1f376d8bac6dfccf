namespace ByokAgent.Agents.Events;

/// <summary>The agent started a tool call.</summary>
public sealed record AgentToolStartEvent(string CallId, string Tool, string Arguments) : AgentEvent
{
    public override string Type => "tool_start";
}
