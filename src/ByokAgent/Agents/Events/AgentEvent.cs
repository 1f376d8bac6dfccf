namespace ByokAgent.Agents.Events;

/// <summary>Something that happened during a streamed turn. <see cref="Type"/> is the wire name of the event.</summary>
public abstract record AgentEvent
{
    /// <summary>The event name on the wire: <c>token</c>, <c>tool_start</c>, <c>tool_end</c>, <c>done</c> or <c>error</c>.</summary>
    public abstract string Type { get; }
}
