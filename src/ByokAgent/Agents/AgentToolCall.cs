namespace ByokAgent.Agents;

/// <summary>One tool call the agent made during a turn.</summary>
/// <param name="Id">The provider's tool-call id (may be synthesized when the provider sends none).</param>
/// <param name="Name">The tool, as <c>plugin_function</c>, as the model sees it.</param>
/// <param name="Arguments">The arguments as JSON.</param>
/// <param name="Result">The result as the model saw it (capped), or the short error message.</param>
/// <param name="IsError">Whether the tool failed.</param>
/// <param name="Duration">How long the tool ran.</param>
public sealed record AgentToolCall(string Id, string Name, string Arguments, string Result, bool IsError, TimeSpan Duration);
