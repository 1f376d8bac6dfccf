namespace ByokAgent.Agents;

/// <summary>The outcome of one completed agent turn.</summary>
/// <param name="SessionId">The session the turn belongs to.</param>
/// <param name="Text">The agent's final reply.</param>
/// <param name="ToolCalls">The tools called, in order of completion.</param>
/// <param name="Usage">Tokens used across every model call of the turn.</param>
/// <param name="Provider">The provider that answered.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Duration">Wall-clock time of the turn.</param>
public sealed record AgentTurnResult(
    string SessionId,
    string Text,
    IReadOnlyList<AgentToolCall> ToolCalls,
    AgentUsage Usage,
    string Provider,
    string Model,
    TimeSpan Duration);
