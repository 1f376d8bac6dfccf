namespace ByokAgent.Usage;

/// <summary>
/// Stored usage summed over a group of turns of one project: always one provider and model, and one UTC day and one
/// session when the query asked for them (<see cref="UsageGrouping"/>).
/// </summary>
/// <param name="Day">The UTC day, when grouped by day.</param>
/// <param name="SessionId">The session, when grouped by session (it may since have been deleted).</param>
/// <param name="Provider">The provider id.</param>
/// <param name="Model">The model.</param>
/// <param name="Turns">How many turns.</param>
/// <param name="InputTokens">Input tokens, cached ones included.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CachedInputTokens">Input tokens the provider read from its prompt cache.</param>
/// <param name="TotalTokens">Total tokens as the providers reported them.</param>
public sealed record UsageRecord(
    DateOnly? Day,
    string? SessionId,
    string Provider,
    string Model,
    long Turns,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens,
    long TotalTokens);
