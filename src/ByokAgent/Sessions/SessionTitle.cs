namespace ByokAgent.Sessions;

/// <summary>A session's title: its first user message, on one line and shortened.</summary>
/// <remarks>Shared by every <see cref="ISessionStore"/>, so titles read the same whichever store holds the session.</remarks>
internal static class SessionTitle
{
    /// <summary>The longest title, in characters (an ellipsis included).</summary>
    public const int MaxLength = 80;

    /// <summary>The title for a turn's messages, or <see langword="null"/> when none is a user message with text.</summary>
    public static string? From(IEnumerable<SessionMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = messages.FirstOrDefault(m => string.Equals(m.Role, "user", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(m.Text))?.Text;
        if (text is null)
        {
            return null;
        }

        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= MaxLength ? oneLine : string.Concat(oneLine.AsSpan(0, MaxLength - 1).TrimEnd(), "…");
    }
}
