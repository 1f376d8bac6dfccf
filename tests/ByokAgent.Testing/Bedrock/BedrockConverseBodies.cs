using System.Text.Json;
using System.Text.Json.Nodes;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Bedrock;

/// <summary>The JSON of generated Converse answers: the whole response, and the events of a stream.</summary>
/// <remarks>
/// Shaped like the recorded fixtures (shared/fixtures/providers/bedrock): <c>toolUse.input</c> is a JSON object in a
/// response and fragments of JSON text in a stream; stream payloads carry Bedrock's random <c>p</c> padding field, which
/// clients must ignore.
/// </remarks>
internal static class BedrockConverseBodies
{
    // At least two input fragments per call, so a client that keeps only the last fragment fails.
    private const int InputFragments = 3;
    private const int LatencyMs = 42;

    public static JsonObject Response(FakeReply reply)
    {
        var content = reply.Kind == FakeReplyKind.ToolCalls
            ? new JsonArray([.. reply.Calls.Select(call => (JsonNode)new JsonObject
            {
                ["toolUse"] = new JsonObject { ["toolUseId"] = Id(call), ["name"] = call.Name, ["input"] = Input(call.ArgumentsJson) },
            })])
            : new JsonArray(new JsonObject { ["text"] = reply.Content });
        return new JsonObject
        {
            ["metrics"] = new JsonObject { ["latencyMs"] = LatencyMs },
            ["output"] = new JsonObject { ["message"] = new JsonObject { ["content"] = content, ["role"] = "assistant" } },
            ["stopReason"] = StopReason(reply),
            ["usage"] = Usage(reply.Usage),
        };
    }

    /// <summary>Event type and payload of each frame, in order.</summary>
    public static IEnumerable<(string EventType, JsonObject Payload)> StreamEvents(FakeReply reply)
    {
        yield return ("messageStart", Padded(new JsonObject { ["role"] = "assistant" }));
        if (reply.Kind == FakeReplyKind.ToolCalls)
        {
            for (var index = 0; index < reply.Calls.Count; index++)
            {
                var call = reply.Calls[index];
                yield return ("contentBlockStart", Padded(new JsonObject
                {
                    ["contentBlockIndex"] = index,
                    ["start"] = new JsonObject { ["toolUse"] = new JsonObject { ["name"] = call.Name, ["toolUseId"] = Id(call) } },
                }));
                foreach (var fragment in TextFragments.Pieces(call.ArgumentsJson, InputFragments))
                {
                    yield return ("contentBlockDelta", Padded(new JsonObject
                    {
                        ["contentBlockIndex"] = index,
                        ["delta"] = new JsonObject { ["toolUse"] = new JsonObject { ["input"] = fragment } },
                    }));
                }

                yield return ("contentBlockStop", Padded(new JsonObject { ["contentBlockIndex"] = index }));
            }
        }
        else
        {
            foreach (var word in TextFragments.Words(reply.Content))
            {
                yield return ("contentBlockDelta", Padded(new JsonObject
                {
                    ["contentBlockIndex"] = 0,
                    ["delta"] = new JsonObject { ["text"] = word },
                }));
            }

            yield return ("contentBlockStop", Padded(new JsonObject { ["contentBlockIndex"] = 0 }));
        }

        yield return ("messageStop", Padded(new JsonObject { ["stopReason"] = StopReason(reply) }));
        yield return ("metadata", Padded(new JsonObject
        {
            ["metrics"] = new JsonObject { ["latencyMs"] = LatencyMs },
            ["usage"] = Usage(reply.Usage),
        }));
    }

    private static string StopReason(FakeReply reply) =>
        reply.FinishReason ?? (reply.Kind == FakeReplyKind.ToolCalls ? "tool_use" : "end_turn");

    private static JsonObject Usage(FakeUsage usage) => new()
    {
        ["inputTokens"] = usage.PromptTokens,
        ["outputTokens"] = usage.CompletionTokens,
        ["totalTokens"] = usage.TotalTokens,
    };

    private static string Id(FakeToolCall call) => call.Id ?? FakeIds.New("tooluse_", 22);

    // A JSON object on the wire; scripted malformed arguments go out as a string so the client's parser meets them.
    private static JsonNode? Input(string argumentsJson)
    {
        try
        {
            return JsonNode.Parse(argumentsJson) is JsonObject input ? input : JsonValue.Create(argumentsJson);
        }
        catch (JsonException)
        {
            return JsonValue.Create(argumentsJson);
        }
    }

    private static JsonObject Padded(JsonObject payload)
    {
        payload["p"] = "abcdefghijklmnopqrstuvwxyz"[..(1 + (payload.Count * 7 % 26))];
        return payload;
    }
}
