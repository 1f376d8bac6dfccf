using System.Text.Json.Nodes;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>The part of a <see cref="ChatWireQuirk"/> that follows one streamed answer, chunk by chunk.</summary>
/// <remarks>One instance per stream; chunks arrive in order from a single reader, so it may keep state without locks.</remarks>
internal abstract class ChatWireQuirkStream
{
    /// <summary>Rewrites one <c>chat.completion.chunk</c> in place; <see langword="true"/> when it changed it.</summary>
    public abstract bool RewriteChunk(JsonObject chunk);
}
