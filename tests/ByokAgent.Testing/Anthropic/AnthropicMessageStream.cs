using System.Text.Json.Nodes;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Anthropic;

/// <summary>The named SSE events of a generated reply, from <c>message_start</c> to <c>message_stop</c>.</summary>
/// <remarks>
/// Shaped like a real Messages stream (shared/wire.md section 2 and the recorded <c>stream_tool_use.http</c>):
/// <c>message_start</c> carries the input tokens; each content block is opened, filled with <c>text_delta</c> (per word)
/// or <c>input_json_delta</c> (an empty first fragment, then pieces), and stopped; a <c>ping</c> follows the first
/// opening; <c>message_delta</c> carries the stop reason and the output tokens; there is no <c>[DONE]</c>. Data lines
/// carry the API's padding spaces before the closing brace.
/// </remarks>
internal static class AnthropicMessageStream
{
    // At least two fragments per call, so a client that keeps only the last fragment fails.
    private const int ArgumentFragments = 3;

    // The fixture's ping is written with a space after the colon, unlike every other event.
    private const string Ping = """{"type": "ping"}""";

    public static IEnumerable<(string Name, string Data)> Events(FakeReply reply, AnthropicMessagesRequest request, string id)
    {
        var events = new List<(string Name, JsonObject Data)>
        {
            ("message_start", new JsonObject
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["id"] = id,
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["model"] = request.Model,
                    ["content"] = new JsonArray(),
                    ["stop_reason"] = null,
                    ["stop_sequence"] = null,
                    // The API reports a token or so of output here; the real count comes with message_delta.
                    ["usage"] = AnthropicJson.Usage(reply.Usage.PromptTokens, outputTokens: 1, reply.Usage.CachedPromptTokens),
                },
            }),
        };

        if (reply.Kind == FakeReplyKind.ToolCalls)
        {
            for (var index = 0; index < reply.Calls.Count; index++)
            {
                var call = reply.Calls[index];
                events.Add(BlockStart(index, AnthropicMessage.ToolUse(call, AnthropicJson.ToolUseId(call), new JsonObject())));
                AddPingAfterFirstBlock(events, index);
                events.Add(Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = "" }));
                foreach (var fragment in TextFragments.Pieces(call.ArgumentsJson, ArgumentFragments))
                {
                    events.Add(Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = fragment }));
                }

                events.Add(BlockStop(index));
            }
        }
        else
        {
            events.Add(BlockStart(0, new JsonObject { ["type"] = "text", ["text"] = "" }));
            AddPingAfterFirstBlock(events, 0);
            foreach (var word in TextFragments.Words(reply.Content))
            {
                events.Add(Delta(0, new JsonObject { ["type"] = "text_delta", ["text"] = word }));
            }

            events.Add(BlockStop(0));
        }

        events.Add(("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = AnthropicJson.StopReason(reply), ["stop_sequence"] = null },
            // Only the output count, as the API documents it: a client must take input tokens from message_start.
            ["usage"] = new JsonObject { ["output_tokens"] = reply.Usage.CompletionTokens },
        }));
        events.Add(("message_stop", new JsonObject { ["type"] = "message_stop" }));

        return events.Select((evt, position) => evt.Name == "ping"
            ? (evt.Name, Ping)
            : (evt.Name, Padded(WireJson.Serialize(evt.Data), position)));
    }

    private static void AddPingAfterFirstBlock(List<(string Name, JsonObject Data)> events, int index)
    {
        if (index == 0)
        {
            events.Add(("ping", new JsonObject()));
        }
    }

    private static (string, JsonObject) BlockStart(int index, JsonObject block) =>
        ("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = block });

    private static (string, JsonObject) Delta(int index, JsonObject delta) =>
        ("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta });

    private static (string, JsonObject) BlockStop(int index) =>
        ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });

    // The API pads data lines with spaces inside the object so their lengths leak less; the amount varies per event
    // (none on some). A deterministic spread keeps runs identical.
    private static string Padded(string json, int position)
    {
        var padding = position * 7 % 17;
        return padding == 0 ? json : string.Concat(json.AsSpan(0, json.Length - 1), new string(' ', padding), "}");
    }
}
