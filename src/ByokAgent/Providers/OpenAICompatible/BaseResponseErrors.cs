using System.Text.Json.Nodes;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>
/// Fails an answer that carries MiniMax's <c>base_resp</c> with a non-zero <c>status_code</c>: MiniMax reports errors
/// that way inside HTTP 200 (shared/wire.md, MiniMax), which the OpenAI SDK would read as an empty success.
/// </summary>
/// <remarks>
/// Applied to every OpenAI-family client, like <see cref="StreamErrorChunks"/>: a success either has no <c>base_resp</c>
/// or has status 0, so nothing else is touched. The classifier reads the code (1004 key, 1008 balance, 2013 model…).
/// </remarks>
internal sealed class BaseResponseErrors(ModelConfig config) : ChatWireQuirk
{
    public override string? ResponseMarker => "\"base_resp\"";

    public override bool RewriteCompletion(JsonObject completion)
    {
        Check(config, completion);
        return false;
    }

    public override ChatWireQuirkStream BeginStream() => new ChunkChecker(config);

    private static void Check(ModelConfig config, JsonObject body)
    {
        if (body["base_resp"] is JsonObject baseResponse && ChatCompletionJson.Int(baseResponse, "status_code") is { } code and not 0)
        {
            throw ProviderExceptionTranslator.Answered(config, 200, body.ToJsonString(), inner: null);
        }
    }

    private sealed class ChunkChecker(ModelConfig config) : ChatWireQuirkStream
    {
        public override bool RewriteChunk(JsonObject chunk)
        {
            Check(config, chunk);
            return false;
        }
    }
}
