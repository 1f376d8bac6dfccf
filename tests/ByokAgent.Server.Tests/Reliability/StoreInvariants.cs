using System.Net;
using ByokAgent.Server.Tests.TestSupport;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>What a store must look like after any crash, given the turns the server acknowledged before it.</summary>
internal static class StoreInvariants
{
    /// <summary>
    /// No half-written turn (each stored turn is its user message, any tool messages and its final reply; no user message
    /// without its reply), counters and versions matching the rows, no turn stored twice or out of order, and every
    /// acknowledged turn stored exactly once in the session it was acknowledged in, with the reply that was acknowledged.
    /// </summary>
    public static void ShouldHoldEveryAcknowledgedTurn(IReadOnlyList<StoredSession> sessions, IReadOnlyList<SentTurn> sent)
    {
        var byMessage = sent.ToDictionary(t => t.Message, StringComparer.Ordinal);
        var storedIn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var session in sessions)
        {
            var because = $"session {session.Id}";
            session.Messages.Select(m => m.Sequence).Should().Equal(Enumerable.Range(1, session.Messages.Count).Select(i => (long)i), $"{because}: sequences start at 1 and have no gaps");
            session.MessageCount.Should().Be(session.Messages.Count, $"{because}: message_count matches its rows");
            session.TurnRows.Should().Be(session.Version, $"{because}: one turn row per version");
            var turns = Turns(session.Messages);
            turns.Count.Should().Be((int)session.Version, $"{because}: one user message per stored turn");
            foreach (var turn in turns)
            {
                var user = turn[0].Text!;
                byMessage.Should().ContainKey(user, $"{because}: every stored message was sent by this test");
                turn[^1].Role.Should().Be("assistant", $"{because}: '{user}' has its reply stored with it (no orphan user message)");
                turn[^1].Text.Should().Be(TurnScript.ExpectedReply(user), $"{because}: the reply stored after '{user}' is its own");
                if (user.Contains(TurnScript.ToolMarker, StringComparison.Ordinal) || user.Contains(ProviderGate.HoldAfterToolMarker, StringComparison.Ordinal))
                {
                    turn.Select(m => m.Role).Should().Equal(["user", "assistant", "tool", "assistant"], $"{because}: '{user}' keeps its tool call and result");
                }

                storedIn.TryAdd(user, session.Id).Should().BeTrue($"'{user}' is stored once, not again in {session.Id}");
            }

            turns.Select(t => byMessage[t[0].Text!].Order).Should().BeInAscendingOrder($"{because}: turns are stored in the order they were sent");
        }

        foreach (var turn in sent)
        {
            if (turn.Acknowledged)
            {
                storedIn.Should().ContainKey(turn.Message, $"{turn} was acknowledged, so it must survive");
                turn.Reply.Should().Be(TurnScript.ExpectedReply(turn.Message));
            }

            if (turn.SessionId is not null && storedIn.TryGetValue(turn.Message, out var session))
            {
                session.Should().Be(turn.SessionId, $"{turn} lands in its own session");
            }
        }
    }

    /// <summary>The session as the API shows it (every page), which must be exactly what the file holds.</summary>
    public static async Task<List<StoredMessage>> ReadThroughApiAsync(HttpClient client, string sessionId)
    {
        var messages = new List<StoredMessage>();
        while (true)
        {
            var page = await (await client.GetAsync($"/v1/sessions/{sessionId}?limit=100&offset={messages.Count}")).ShouldBeAsync(HttpStatusCode.OK);
            messages.AddRange(page["messages"]!.AsArray().Select(m => new StoredMessage(m!["sequence"]!.GetValue<long>(), m.Text("role"), m["content"]?.GetValue<string>())));
            if (!page["has_more"]!.GetValue<bool>())
            {
                return messages;
            }
        }
    }

    // A turn starts at its user message and runs to the next one.
    private static List<List<StoredMessage>> Turns(IReadOnlyList<StoredMessage> messages)
    {
        var turns = new List<List<StoredMessage>>();
        foreach (var message in messages)
        {
            if (message.Role == "user")
            {
                turns.Add([message]);
            }
            else
            {
                turns.Should().NotBeEmpty($"a session starts with a user message, not {message}");
                turns[^1].Add(message);
            }
        }

        return turns;
    }
}
