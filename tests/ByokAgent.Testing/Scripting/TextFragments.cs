namespace ByokAgent.Testing.Scripting;

/// <summary>Splits generated text the way providers stream it, so clients must reassemble deltas.</summary>
internal static class TextFragments
{
    /// <summary>Each word with the whitespace that follows it; concatenated they give back <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i]))
            {
                words.Add(text[start..i]);
                start = i;
            }
        }

        if (start < text.Length)
        {
            words.Add(text[start..]);
        }

        return words;
    }

    /// <summary>
    /// Up to <paramref name="parts"/> pieces of near-equal length, never splitting a surrogate pair; as many as the
    /// text allows when it is shorter (none for empty text).
    /// </summary>
    public static IReadOnlyList<string> Pieces(string text, int parts)
    {
        var pieces = new List<string>();
        var size = Math.Max(1, (int)Math.Ceiling(text.Length / (double)parts));
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + size);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            pieces.Add(text[start..end]);
            start = end;
        }

        return pieces;
    }
}
