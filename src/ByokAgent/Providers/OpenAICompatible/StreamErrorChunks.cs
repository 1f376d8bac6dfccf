using System.Text.Json.Nodes;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>
/// Fails a stream that reports an error inside a chunk (HTTP 200, the chunk has a top-level <c>error</c>) with a
/// <see cref="ProviderException"/>, instead of letting the turn end as an empty success.
/// </summary>
/// <remarks>
/// <para>OpenRouter does this once a stream has started (<c>fixtures/providers/openrouter/stream_error_midstream.http</c>,
/// shared/wire.md section 1 rule 7); the OpenAI SDK and Microsoft.Extensions.AI ignore the field. No success chunk has a
/// top-level <c>error</c>, so every OpenAI-family client gets this, as OpenAI's own Python SDK does.</para>
/// <para>The exception carries the error's <c>code</c> as its status when that is an HTTP error status (OpenRouter uses
/// them), else the 200 the stream was sent with; its message is the provider's, scrubbed of the config's secrets.</para>
/// </remarks>
internal sealed class StreamErrorChunks(ModelConfig config) : ChatWireQuirk
{
    public override string? ResponseMarker => "\"error\"";

    public override ChatWireQuirkStream BeginStream() => new ChunkRewriter(config);

    private sealed class ChunkRewriter(ModelConfig config) : ChatWireQuirkStream
    {
        public override bool RewriteChunk(JsonObject chunk)
        {
            if (chunk["error"] is not JsonObject error)
            {
                return false;
            }

            var status = ChatCompletionJson.Int(error, "code") is { } code and >= 400 and <= 599 ? code : 200;
            throw ProviderExceptionTranslator.Answered(config, status, chunk.ToJsonString(), inner: null);
        }
    }
}
