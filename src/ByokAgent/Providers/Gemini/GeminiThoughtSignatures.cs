using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ByokAgent.Providers.OpenAICompatible;

namespace ByokAgent.Providers.Gemini;

/// <summary>
/// Keeps the <c>extra_content.google.thought_signature</c> of each Gemini tool call and sends it back on that call in
/// later requests, which Gemini 3 requires.
/// </summary>
/// <remarks>
/// <para>Gemini 3 answers 400 "Function call is missing a thought_signature" when a follow-up request of the current turn
/// repeats its tool calls without their signatures (<c>fixtures/providers/gemini/chat_tool_call_gemini3.http</c>). Neither
/// the OpenAI SDK nor Semantic Kernel's chat history carries unknown fields, so the signature is filed here by tool-call
/// id when the answer arrives (buffered or streamed) and put back on the assistant message's matching call when the
/// request is written.</para>
/// <para>Only calls Gemini signed get one back: with parallel calls Gemini signs the first only. One instance per chat
/// client (so per agent session); it keeps the newest <see cref="Capacity"/> signatures, far more than one turn
/// makes, and Gemini validates signatures of the current turn only. Thread-safe.</para>
/// </remarks>
internal sealed class GeminiThoughtSignatures : ChatWireQuirk
{
    /// <summary>How many signatures one client remembers.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, string> _byCallId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _arrival = new();

    public override string? ResponseMarker => "\"tool_calls\"";

    public override bool RewritesRequests => true;

    public override bool RewriteRequest(JsonObject request)
    {
        var changed = false;
        foreach (var message in ChatCompletionJson.Messages(request))
        {
            if (ChatCompletionJson.String(message, "role") != "assistant")
            {
                continue;
            }

            foreach (var call in ChatCompletionJson.Calls(message))
            {
                if (call["extra_content"] is null
                    && ChatCompletionJson.String(call, "id") is { Length: > 0 } id
                    && _byCallId.TryGetValue(id, out var signature))
                {
                    call["extra_content"] = new JsonObject { ["google"] = new JsonObject { ["thought_signature"] = signature } };
                    changed = true;
                }
            }
        }

        return changed;
    }

    public override bool RewriteCompletion(JsonObject completion)
    {
        foreach (var call in ChatCompletionJson.ToolCalls(completion, "message"))
        {
            Remember(ChatCompletionJson.String(call, "id"), Signature(call));
        }

        return false;
    }

    public override ChatWireQuirkStream BeginStream() => new ChunkRewriter(this);

    private static string? Signature(JsonObject call) =>
        ChatCompletionJson.String((call["extra_content"] as JsonObject)?["google"] as JsonObject, "thought_signature");

    private void Remember(string? callId, string? signature)
    {
        if (string.IsNullOrEmpty(callId) || string.IsNullOrEmpty(signature))
        {
            return;
        }

        if (_byCallId.TryAdd(callId, signature))
        {
            _arrival.Enqueue(callId);
            while (_arrival.Count > Capacity && _arrival.TryDequeue(out var oldest))
            {
                _byCallId.TryRemove(oldest, out _);
            }
        }
        else
        {
            _byCallId[callId] = signature;
        }
    }

    /// <summary>Files the signatures of one stream; a signature on a delta without id belongs to the call of that index.</summary>
    private sealed class ChunkRewriter(GeminiThoughtSignatures signatures) : ChatWireQuirkStream
    {
        private readonly Dictionary<(int Choice, int Call), string> _ids = [];

        public override bool RewriteChunk(JsonObject chunk)
        {
            foreach (var (choice, call) in ChatCompletionJson.DeltaToolCalls(chunk))
            {
                var key = (choice, ChatCompletionJson.Int(call, "index") ?? 0);
                if (ChatCompletionJson.String(call, "id") is { Length: > 0 } id)
                {
                    _ids[key] = id;
                }

                signatures.Remember(_ids.GetValueOrDefault(key), Signature(call));
            }

            return false;
        }
    }
}
