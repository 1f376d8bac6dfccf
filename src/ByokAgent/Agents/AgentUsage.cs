namespace ByokAgent.Agents;

/// <summary>Tokens a turn consumed, summed over every model call it made (tool rounds included).</summary>
public sealed record AgentUsage(long InputTokens, long OutputTokens, long TotalTokens)
{
    /// <summary>No usage reported.</summary>
    public static AgentUsage Zero { get; } = new(0, 0, 0);
}
