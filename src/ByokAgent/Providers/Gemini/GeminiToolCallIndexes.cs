using System.Text.Json.Nodes;
using ByokAgent.Providers.OpenAICompatible;

namespace ByokAgent.Providers.Gemini;

/// <summary>
/// Numbers Gemini's streamed tool calls, which arrive without the <c>index</c> that OpenAI streams use to tell calls apart.
/// </summary>
/// <remarks>
/// <para>Gemini sends each call whole in its own delta with no <c>index</c> (<c>fixtures/providers/gemini/stream_tool_call.http</c>,
/// shared/wire.md section 2). Missing, the index reads as 0 for every call, so Microsoft.Extensions.AI merges parallel calls
/// into one: the first name and id with the arguments of all of them glued together.</para>
/// <para>A delta that names a function or carries an id starts a new call and gets the next index; one that carries
/// neither continues the call before it, should Gemini ever split arguments. Deltas that have an index keep it.</para>
/// </remarks>
internal sealed class GeminiToolCallIndexes : ChatWireQuirk
{
    public override string? ResponseMarker => "\"tool_calls\"";

    public override ChatWireQuirkStream BeginStream() => new ChunkRewriter();

    private sealed class ChunkRewriter : ChatWireQuirkStream
    {
        // Per choice: the index the next new call gets, and the index of the call last seen.
        private readonly Dictionary<int, (int Next, int Last)> _choices = [];

        public override bool RewriteChunk(JsonObject chunk)
        {
            var changed = false;
            foreach (var (choice, call) in ChatCompletionJson.DeltaToolCalls(chunk))
            {
                var (next, last) = _choices.GetValueOrDefault(choice, (0, -1));
                if (ChatCompletionJson.Int(call, "index") is { } given)
                {
                    _choices[choice] = (Math.Max(next, given + 1), given);
                    continue;
                }

                var startsCall = last < 0
                    || ChatCompletionJson.String(call["function"] as JsonObject, "name") is { Length: > 0 }
                    || ChatCompletionJson.String(call, "id") is { Length: > 0 };
                var index = startsCall ? next : last;
                call["index"] = index;
                _choices[choice] = (Math.Max(next, index + 1), index);
                changed = true;
            }

            return changed;
        }
    }
}
