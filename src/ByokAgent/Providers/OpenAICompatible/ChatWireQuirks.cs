using ByokAgent.Providers.Gemini;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>Which <see cref="ChatWireQuirk"/>s a config's chat client needs, in the order they must run.</summary>
internal static class ChatWireQuirks
{
    private const string GeminiHost = "generativelanguage.googleapis.com";

    /// <summary>New quirk instances for one chat client (some remember things between its calls).</summary>
    public static IReadOnlyList<ChatWireQuirk> For(ModelConfig config)
    {
        List<ChatWireQuirk> quirks = [new StreamErrorChunks(config), new BaseResponseErrors(config)];
        var gemini = IsGemini(config);
        if (gemini)
        {
            // Indexes first: the id and signature quirks key their per-stream state by index.
            quirks.Add(new GeminiToolCallIndexes());
        }

        quirks.Add(new MissingToolCallIds());
        if (gemini)
        {
            // After the ids: a call Gemini left without an id is filed under the one just given to it.
            quirks.Add(new GeminiThoughtSignatures());
        }

        return quirks;
    }

    // Gemini's compatibility endpoint reached as "openai-compatible" has the same wire, so the host decides too.
    private static bool IsGemini(ModelConfig config) =>
        string.Equals(config.Descriptor.Id, "gemini", StringComparison.Ordinal)
        || string.Equals(config.ResolveHost().Host, GeminiHost, StringComparison.OrdinalIgnoreCase);
}
