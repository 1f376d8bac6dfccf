namespace ByokAgent.Sessions;

/// <summary>One message of a conversation as stored.</summary>
/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Text">The plain text, for listing (<see langword="null"/> for a message that only calls tools).</param>
/// <param name="Payload">The whole message (text, tool calls, tool results) as JSON, to rebuild it exactly.</param>
public sealed record SessionMessage(string Role, string? Text, string Payload);
