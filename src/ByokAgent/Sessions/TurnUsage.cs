namespace ByokAgent.Sessions;

/// <summary>What one stored turn used: the model that answered and its tokens.</summary>
/// <param name="Provider">The provider id.</param>
/// <param name="Model">The model.</param>
/// <param name="InputTokens">Input tokens, cached ones included.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="TotalTokens">Total tokens as the provider reported them.</param>
/// <param name="Duration">Wall-clock time of the turn.</param>
public sealed record TurnUsage(string Provider, string Model, long InputTokens, long OutputTokens, long TotalTokens, TimeSpan Duration)
{
    /// <summary>The part of <see cref="InputTokens"/> the provider read from its prompt cache.</summary>
    public long CachedInputTokens { get; init; }
}
