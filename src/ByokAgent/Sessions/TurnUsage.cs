namespace ByokAgent.Sessions;

/// <summary>What one stored turn used: the model that answered and its tokens.</summary>
public sealed record TurnUsage(string Provider, string Model, long InputTokens, long OutputTokens, long TotalTokens, TimeSpan Duration);
