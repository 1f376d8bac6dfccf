using System.Text.Json.Nodes;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>
/// Gives a tool call that arrives with an empty or missing <c>id</c> a unique one, so its result can be mapped back.
/// </summary>
/// <remarks>
/// <para>Gemini 2.5 sends <c>"id": ""</c> on every tool call (<c>fixtures/providers/gemini/chat_tool_call.http</c>). With two
/// calls in one answer both results would carry the same empty id, and a streamed call with no id at all makes
/// Microsoft.Extensions.AI throw while building the call.</para>
/// <para>Harmless for every provider, so every OpenAI-family client has it: only a call that has no id when it is first
/// seen gets one. In a stream that is the first delta of a call index; continuation deltas that repeat <c>"id": ""</c>
/// (DashScope) are left alone, and the SDK keeps the first id anyway.</para>
/// </remarks>
internal sealed class MissingToolCallIds : ChatWireQuirk
{
    public override string? ResponseMarker => "\"tool_calls\"";

    public override bool RewriteCompletion(JsonObject completion)
    {
        var changed = false;
        foreach (var call in ChatCompletionJson.ToolCalls(completion, "message"))
        {
            changed |= EnsureId(call);
        }

        return changed;
    }

    public override ChatWireQuirkStream BeginStream() => new ChunkRewriter();

    /// <summary>A fresh id in OpenAI's shape (<c>call_</c> and 24 letters and digits).</summary>
    internal static string NewId() => $"call_{Guid.NewGuid():N}"[..29];

    private static bool EnsureId(JsonObject call)
    {
        if (ChatCompletionJson.String(call, "id") is { Length: > 0 })
        {
            return false;
        }

        call["id"] = NewId();
        return true;
    }

    private sealed class ChunkRewriter : ChatWireQuirkStream
    {
        private readonly HashSet<(int Choice, int Call)> _seen = [];

        public override bool RewriteChunk(JsonObject chunk)
        {
            var changed = false;
            foreach (var (choice, call) in ChatCompletionJson.DeltaToolCalls(chunk))
            {
                // Without an index OpenAI's rules say index 0; Gemini's missing indexes are filled in before this runs.
                var index = ChatCompletionJson.Int(call, "index") ?? 0;
                if (_seen.Add((choice, index)))
                {
                    changed |= EnsureId(call);
                }
            }

            return changed;
        }
    }
}
