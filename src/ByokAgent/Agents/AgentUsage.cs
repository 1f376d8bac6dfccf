namespace ByokAgent.Agents;

/// <summary>Tokens a turn consumed, summed over every model call it made (tool rounds included).</summary>
/// <param name="InputTokens">Input tokens, the ones read from the provider's prompt cache included.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="TotalTokens">Total tokens as the provider reported them.</param>
public sealed record AgentUsage(long InputTokens, long OutputTokens, long TotalTokens)
{
    /// <summary>No usage reported.</summary>
    public static AgentUsage Zero { get; } = new(0, 0, 0);

    /// <summary>The part of <see cref="InputTokens"/> the provider read from its prompt cache (0 when it reports none).</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>
    /// The cost estimated from the configured prices (<c>ByokAgent:Usage:Prices</c>), in their currency; an estimate,
    /// not the provider's bill. <see langword="null"/> when the model has no price (unknown, not free).
    /// </summary>
    public decimal? EstimatedCost { get; init; }
}
