namespace ByokAgent.Agents.Events;

/// <summary>A tool call finished (or failed, with <see cref="AgentToolCall.IsError"/>).</summary>
public sealed record AgentToolEndEvent(AgentToolCall Call) : AgentEvent
{
    public override string Type => "tool_end";
}
