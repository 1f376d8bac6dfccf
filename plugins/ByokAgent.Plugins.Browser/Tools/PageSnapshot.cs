using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Tools;

/// <summary>
/// A page as an accessibility tree in text: roles, names, text and element refs, as Playwright's AI snapshot writes it
/// (the format playwright-mcp gives models), and searching it.
/// </summary>
internal static partial class PageSnapshot
{
    /// <summary>Matches <see cref="Find"/> returns at most.</summary>
    public const int MaxMatches = 50;

    /// <summary>The page's snapshot (iframes included), bounded by <paramref name="timeout"/>.</summary>
    public static Task<string> CaptureAsync(IPage page, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.AriaSnapshotAsync(new() { Mode = AriaSnapshotMode.Ai, Timeout = (float)timeout.TotalMilliseconds });
    }

    /// <summary>
    /// The snapshot lines that match, each with the ref to act on: its own, or that of the nearest element around it
    /// (text lines have none).
    /// </summary>
    public static IReadOnlyList<string> Find(string snapshot, Func<string, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(matches);
        var lines = snapshot.Split('\n');
        var found = new List<string>();
        for (var i = 0; i < lines.Length && found.Count < MaxMatches; i++)
        {
            // Matched without the indentation, so ^ means the start of the element's line.
            var line = lines[i].Trim();
            if (!matches(line))
            {
                continue;
            }

            found.Add(RefIn(line) is null && EnclosingRef(lines, i) is { } enclosing ? $"{line} (inside [ref={enclosing}])" : line);
        }

        return found;
    }

    // The ref of the closest line above that is less indented: the element this line belongs to.
    private static string? EnclosingRef(string[] lines, int index)
    {
        var indent = Indent(lines[index]);
        for (var i = index - 1; i >= 0; i--)
        {
            if (Indent(lines[i]) < indent)
            {
                if (RefIn(lines[i]) is { } reference)
                {
                    return reference;
                }

                indent = Indent(lines[i]);
            }
        }

        return null;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string? RefIn(string line) => RefAttribute().Match(line) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"\[ref=((?:f[0-9]+)?e[0-9]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex RefAttribute();
}
