using System.Text.Json.Nodes;
using ByokAgent.Testing.Responses;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.OpenAI;

/// <summary>The <c>chat.completion.chunk</c> events of a generated reply, ending with <c>[DONE]</c>.</summary>
/// <remarks>
/// Shaped like a real OpenAI stream (shared/wire.md section 2): role in the first delta, text split per word, each
/// tool call opened by a delta with index, id, type, name and empty arguments, then argument fragments carrying only
/// the index; a finish chunk; with include_usage a last chunk with <c>choices: []</c>.
/// </remarks>
internal static class OpenAIChatStream
{
    // At least two argument fragments per call, so a client that keeps only the last fragment fails.
    private const int ArgumentFragments = 3;

    public static IEnumerable<string> Events(FakeReply reply, OpenAIChatRequest request, string id, long created) =>
        Chunks(reply, request, id, created).Select(WireJson.Serialize).Append("[DONE]");

    /// <summary>The <c>chat.completion.chunk</c> objects of the stream, without <c>[DONE]</c>, for wires that dress them (Azure).</summary>
    public static IEnumerable<JsonObject> Chunks(FakeReply reply, OpenAIChatRequest request, string id, long created)
    {
        var chunk = new ChunkFactory(request, id, created);
        if (reply.Kind == FakeReplyKind.ToolCalls)
        {
            for (var index = 0; index < reply.Calls.Count; index++)
            {
                var call = reply.Calls[index];
                var opening = new JsonObject
                {
                    ["index"] = index,
                    ["id"] = call.Id ?? FakeIds.New("call_", 24),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
                };
                var delta = index == 0
                    ? new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(opening) }
                    : new JsonObject { ["tool_calls"] = new JsonArray(opening) };
                yield return chunk.Delta(delta);

                foreach (var fragment in TextFragments.Pieces(call.ArgumentsJson, ArgumentFragments))
                {
                    var continuation = new JsonObject
                    {
                        ["index"] = index,
                        ["function"] = new JsonObject { ["arguments"] = fragment },
                    };
                    yield return chunk.Delta(new JsonObject { ["tool_calls"] = new JsonArray(continuation) });
                }
            }
        }
        else
        {
            yield return chunk.Delta(new JsonObject { ["role"] = "assistant", ["content"] = "" });
            foreach (var word in TextFragments.Words(reply.Content))
            {
                yield return chunk.Delta(new JsonObject { ["content"] = word });
            }
        }

        yield return chunk.Finish(OpenAIJson.FinishReason(reply));
        if (request.IncludeUsage)
        {
            yield return chunk.Usage(reply.Usage);
        }
    }

    private sealed class ChunkFactory(OpenAIChatRequest request, string id, long created)
    {
        public JsonObject Delta(JsonObject delta) => Choice(delta, finishReason: null);

        public JsonObject Finish(string finishReason) => Choice(new JsonObject(), finishReason);

        public JsonObject Usage(FakeUsage usage)
        {
            var chunk = Envelope(new JsonArray());
            chunk["usage"] = OpenAIJson.Usage(usage);
            return chunk;
        }

        private JsonObject Choice(JsonObject delta, string? finishReason)
        {
            var chunk = Envelope(new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = delta,
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            }));
            if (request.IncludeUsage)
            {
                // With include_usage OpenAI puts "usage": null on every chunk before the usage chunk.
                chunk["usage"] = null;
            }

            return chunk;
        }

        private JsonObject Envelope(JsonArray choices) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = request.Model,
            ["choices"] = choices,
        };
    }
}
