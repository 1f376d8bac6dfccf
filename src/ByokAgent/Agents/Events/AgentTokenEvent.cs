namespace ByokAgent.Agents.Events;

/// <summary>A piece of the reply text, as the provider streamed it.</summary>
public sealed record AgentTokenEvent(string Content) : AgentEvent
{
    public override string Type => "token";
}
