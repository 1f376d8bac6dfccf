using System.Globalization;

namespace ByokAgent.Plugins.Browser.Tools;

/// <summary>
/// One window of a long text (a page snapshot, the page's text, its links) and how to ask for the next one, so a page of
/// any size reaches the model in pieces it can afford.
/// </summary>
/// <param name="Text">The characters of this window.</param>
/// <param name="NextOffset">Where the next window starts; <see langword="null"/> when this one reaches the end.</param>
/// <param name="Total">The length of the whole text.</param>
internal sealed record TextWindow(string Text, int? NextOffset, int Total)
{
    /// <summary>Up to <paramref name="maxChars"/> characters from <paramref name="offset"/>, ended at a line break when one is near.</summary>
    /// <exception cref="BrowserToolException">The offset is negative or past the end.</exception>
    public static TextWindow Cut(string text, int offset, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (offset < 0)
        {
            throw new BrowserToolException($"offset must be 0 or more (got {offset}).");
        }

        if (offset > 0 && offset >= text.Length)
        {
            throw new BrowserToolException($"Nothing at offset {offset}: the content has {text.Length} characters.");
        }

        var end = Math.Min(text.Length, offset + maxChars);
        if (end < text.Length)
        {
            // Whole lines read better (a snapshot line carries its ref), unless that would waste half the window.
            var lineBreak = text.LastIndexOf('\n', end - 1, end - offset);
            if (lineBreak >= offset + (maxChars / 2))
            {
                end = lineBreak + 1;
            }
        }

        return new TextWindow(text[offset..end].TrimEnd('\n'), end < text.Length ? end : null, text.Length);
    }

    /// <summary>The line telling the model how to continue, or <see langword="null"/> at the end.</summary>
    public string? Continuation(string tool) =>
        NextOffset is { } next
            ? string.Create(CultureInfo.InvariantCulture, $"… cut at character {next} of {Total}; call {tool} with offset={next} for more.")
            : null;
}
