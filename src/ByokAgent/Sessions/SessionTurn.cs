namespace ByokAgent.Sessions;

/// <summary>Everything one completed turn adds to a session: the user message, tool calls and results, the reply.</summary>
/// <param name="Messages">The new messages, in order; stored together or not at all.</param>
/// <param name="Usage">What the turn used.</param>
public sealed record SessionTurn(IReadOnlyList<SessionMessage> Messages, TurnUsage Usage);
