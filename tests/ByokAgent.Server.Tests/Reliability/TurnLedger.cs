using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ByokAgent.Server.Tests.TestSupport;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>One turn the test sent, in send order, and what the server said about it.</summary>
internal sealed class SentTurn(int order, string message, string? sessionId, bool streamed)
{
    public int Order { get; } = order;

    public string Message { get; } = message;

    /// <summary>The session it was sent to, or once acknowledged the one the server started for it.</summary>
    public string? SessionId { get; private set; } = sessionId;

    public bool Streamed { get; } = streamed;

    /// <summary>The server answered 200 with the whole body, or streamed the <c>done</c> event.</summary>
    public bool Acknowledged { get; private set; }

    /// <summary>The reply the acknowledgement carried.</summary>
    public string? Reply { get; private set; }

    /// <summary>The HTTP status, when an answer started.</summary>
    public int? Status { get; set; }

    /// <summary>Why it was not acknowledged: an error body or event, or the exception type of a dropped connection.</summary>
    public string? Failure { get; set; }

    public void Acknowledge(string sessionId, string reply)
    {
        SessionId = sessionId;
        Reply = reply;
        Acknowledged = true;
    }

    public override string ToString() => $"#{Order} '{Message}' in {SessionId ?? "(new)"} {(Streamed ? "streamed" : "whole")}: {(Acknowledged ? "acknowledged" : $"not acknowledged ({Status}, {Failure})")}";
}

/// <summary>Every turn sent in a test, and the one way they are sent: whole or streamed, recording what came back.</summary>
internal sealed class TurnLedger
{
    private readonly Lock _lock = new();
    private readonly List<SentTurn> _turns = [];

    public IReadOnlyList<SentTurn> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _turns];
            }
        }
    }

    /// <summary>Sends one turn (to <paramref name="sessionId"/>, or a new session) and records the outcome; a dropped connection is an outcome too.</summary>
    public async Task<SentTurn> SendAsync(HttpClient client, string? sessionId, string message, bool stream)
    {
        SentTurn turn;
        lock (_lock)
        {
            turn = new SentTurn(_turns.Count, message, sessionId, stream);
            _turns.Add(turn);
        }

        try
        {
            var path = sessionId is null ? "/v1/agent" : $"/v1/sessions/{sessionId}/messages";
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiJson.Turn(message, stream: stream) };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            turn.Status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                turn.Failure = await response.Content.ReadAsStringAsync();
            }
            else if (!stream)
            {
                var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
                turn.Acknowledge(body.Text("session_id"), body.Text("message"));
            }
            else
            {
                await foreach (var item in SseReader.ReadAsync(response))
                {
                    if (item.Name == "done")
                    {
                        turn.Acknowledge(item.Text("session_id"), item.Text("message"));
                    }
                    else if (item.Name == "error")
                    {
                        turn.Failure = item.Data.ToJsonString();
                    }
                }
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or JsonException or OperationCanceledException)
        {
            // The server died (or stopped) under this turn: not acknowledged, and so allowed to be missing, never half there.
            turn.Failure ??= exception.GetType().Name;
        }

        return turn;
    }
}
