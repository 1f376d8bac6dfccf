using System.Text.Json.Nodes;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>
/// One known way a provider's chat-completions wire differs from OpenAI's in a way the OpenAI SDK, Microsoft.Extensions.AI
/// or Semantic Kernel get wrong; corrected on the JSON before the SDK reads it or after it writes it.
/// </summary>
/// <remarks>
/// <para>Quirks are created per chat client (<see cref="ChatWireQuirks.For"/>) and run by <see cref="ChatWireQuirksPolicy"/>
/// in list order, so a quirk may rely on the ones before it (ids exist before signatures are filed under them).</para>
/// <para>Only successful answers are rewritten: an error body reaches the error translator exactly as the provider sent it.</para>
/// </remarks>
internal abstract class ChatWireQuirk
{
    /// <summary>
    /// Text that a completion or streamed chunk must contain for this quirk to look at it, or <see langword="null"/> for
    /// every one. Saves parsing the many answers and chunks that carry only text.
    /// </summary>
    public virtual string? ResponseMarker => null;

    /// <summary>Whether <see cref="RewriteRequest"/> does anything; when no quirk does, request bodies are not parsed.</summary>
    public virtual bool RewritesRequests => false;

    /// <summary>Rewrites an outgoing chat request body in place; <see langword="true"/> when it changed it.</summary>
    /// <remarks>Called once per call, before retries; must be thread-safe (a client serves concurrent calls).</remarks>
    public virtual bool RewriteRequest(JsonObject request) => false;

    /// <summary>Rewrites a non-streamed <c>chat.completion</c> body in place; <see langword="true"/> when it changed it.</summary>
    /// <remarks>Must be thread-safe, like <see cref="RewriteRequest"/>.</remarks>
    public virtual bool RewriteCompletion(JsonObject completion) => false;

    /// <summary>The rewriter for the chunks of one streamed answer, or <see langword="null"/> when streams need no change.</summary>
    public virtual ChatWireQuirkStream? BeginStream() => null;
}
