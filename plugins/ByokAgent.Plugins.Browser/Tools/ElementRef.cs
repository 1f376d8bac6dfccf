using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Tools;

/// <summary>
/// Element refs (<c>e12</c>, <c>f1e3</c> inside a frame) as Playwright's AI snapshot writes them (<c>[ref=e12]</c>),
/// and the element a ref points to through Playwright's <c>aria-ref=</c> selector.
/// </summary>
/// <remarks>
/// Refs are Playwright's own (<c>AriaSnapshotAsync</c> with <see cref="AriaSnapshotMode.Ai"/>): an element keeps its ref
/// across snapshots while it stays on the page, and a ref resolves against the latest snapshot of that page.
/// </remarks>
internal static partial class ElementRef
{
    /// <summary>The ref in canonical form; tolerant of what models paste (<c>[ref=e12]</c>, <c>ref=e12</c>, <c>E12</c>).</summary>
    /// <exception cref="BrowserToolException">Not a ref.</exception>
    public static string Parse(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim().Trim('[', ']').Trim();
        if (trimmed.StartsWith("ref=", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[4..];
        }

        trimmed = trimmed.ToLowerInvariant();
        return RefPattern().IsMatch(trimmed)
            ? trimmed
            : throw new BrowserToolException($"'{text}' is not an element ref. Refs look like e12; browser_snapshot lists them as [ref=e12].");
    }

    /// <summary>The element <paramref name="reference"/> points to on <paramref name="page"/>.</summary>
    /// <exception cref="BrowserToolException">No such element (the page changed, or the ref is from another page).</exception>
    public static async Task<ILocator> LocateAsync(IPage page, string reference)
    {
        ArgumentNullException.ThrowIfNull(page);
        var locator = page.Locator($"aria-ref={reference}");
        return await locator.CountAsync().ConfigureAwait(false) > 0
            ? locator
            : throw new BrowserToolException(
                $"No element with ref {reference} on the page. Refs come from the latest browser_snapshot and change when the page changes: call browser_snapshot for the current ones.");
    }

    [GeneratedRegex("^(f[0-9]+)?e[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RefPattern();
}
