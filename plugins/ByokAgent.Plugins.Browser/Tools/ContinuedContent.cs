using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Tools;

/// <summary>
/// Keeps the last long text each reading tool produced for a tab, so a call with an offset continues that same text:
/// the windows line up even if the page moved on meanwhile, and a 20,000-word page is captured once, not per window.
/// </summary>
/// <remarks>Per session (one instance per <see cref="BrowserTools"/>); the session's calls run one at a time.</remarks>
internal sealed class ContinuedContent
{
    private readonly Dictionary<string, (IPage Tab, string Url, string Text)> _last = new(StringComparer.Ordinal);

    /// <summary>
    /// The text to cut a window from: captured fresh at offset 0 (or when the tab or its address changed), else the
    /// text the previous call of <paramref name="tool"/> captured.
    /// </summary>
    public async Task<string> GetAsync(string tool, IPage tab, int offset, Func<Task<string>> capture)
    {
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentNullException.ThrowIfNull(capture);
        if (offset > 0 && _last.TryGetValue(tool, out var last) && ReferenceEquals(last.Tab, tab) && last.Url == tab.Url)
        {
            return last.Text;
        }

        var text = await capture().ConfigureAwait(false);
        _last[tool] = (tab, tab.Url, text);
        return text;
    }
}
