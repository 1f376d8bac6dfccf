namespace ByokAgent.Testing;

/// <summary>One tool (function) call that a scripted <see cref="FakeReply"/> asks the client to make.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ArgumentsJson">
/// The arguments exactly as sent on the wire. Not validated, so a test can script malformed JSON on purpose.
/// </param>
/// <param name="Id">The call id; <see langword="null"/> lets the server invent one (<c>call_...</c>).</param>
public sealed record FakeToolCall(string Name, string ArgumentsJson, string? Id = null);
