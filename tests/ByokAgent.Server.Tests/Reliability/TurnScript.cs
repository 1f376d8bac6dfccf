using ByokAgent.Testing;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>
/// What the fake model answers, derived from the request alone (so any number of concurrent turns, in any order, after
/// any restart, get the right answer): a plain message gets <c>reply to MESSAGE</c>; a message with <c>[tool]</c> or
/// <see cref="ProviderGate.HoldAfterToolMarker"/> first calls <c>clock_now</c>, then gets <c>after tool: MESSAGE</c>.
/// </summary>
/// <remarks>Each reply names its own user message, so a stored reply proves which turn it belongs to.</remarks>
internal static class TurnScript
{
    public const string ToolMarker = "[tool]";

    public static FakeReply Reply(RecordedRequest request)
    {
        var (lastRole, lastUser) = Conversation.Tail(request);
        if (lastUser is null)
        {
            // Model validation's probe (PUT /v1/project/llm).
            return FakeReply.Text("pong");
        }

        if (lastRole == "tool")
        {
            return FakeReply.Text(ExpectedReply(lastUser));
        }

        return UsesTool(lastUser)
            ? FakeReply.ToolCalls(new FakeToolCall("clock_now", "{}", $"call_{Guid.NewGuid():N}"))
            : FakeReply.Text(ExpectedReply(lastUser));
    }

    /// <summary>The final answer a completed turn stores for <paramref name="message"/>.</summary>
    public static string ExpectedReply(string message) => UsesTool(message) ? $"after tool: {message}" : $"reply to {message}";

    private static bool UsesTool(string message) =>
        message.Contains(ToolMarker, StringComparison.Ordinal) || message.Contains(ProviderGate.HoldAfterToolMarker, StringComparison.Ordinal);
}
