using System.Globalization;
using System.Text.RegularExpressions;
using ByokAgent.Plugins.Browser.Sessions;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Tools;

internal sealed partial class BrowserTools
{
    // Link texts longer than this are cut: a link that wraps a whole card is still identified by its start.
    private const string LinksScript = """
        () => Array.from(document.querySelectorAll('a[href]'), a => [
            (a.innerText || a.getAttribute('aria-label') || a.title || '').replace(/\s+/g, ' ').trim().slice(0, 120),
            a.href])
        """;

    public Task<string> SnapshotAsync(
        int offset = 0,
        CancellationToken cancellationToken = default) =>
        browser.RunAsync("snapshot", Options.ActionTimeout, async _ =>
        {
            var tab = await CurrentPageAsync().ConfigureAwait(false);
            var snapshot = await _continued.GetAsync("snapshot", tab, offset, () => PageSnapshot.CaptureAsync(tab, Options.ActionTimeout)).ConfigureAwait(false);
            var window = TextWindow.Cut(snapshot, offset, Options.SnapshotMaxChars);
            return UntrustedContent.Fence($"Snapshot of {await DescribeAsync(tab).ConfigureAwait(false)}:", window, "browser_snapshot");
        }, cancellationToken);

    public Task<string> FindAsync(
        string text,
        bool regex = false,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.FromResult("Give the text to find.");
        }

        Func<string, bool> matches;
        if (regex)
        {
            Regex pattern;
            try
            {
                pattern = new Regex(text, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException exception)
            {
                return Task.FromResult($"Invalid regular expression: {exception.Message}");
            }

            matches = pattern.IsMatch;
        }
        else
        {
            matches = line => line.Contains(text, StringComparison.OrdinalIgnoreCase);
        }

        return browser.RunAsync("find", Options.ActionTimeout, async _ =>
        {
            var tab = await CurrentPageAsync().ConfigureAwait(false);
            var snapshot = await PageSnapshot.CaptureAsync(tab, Options.ActionTimeout).ConfigureAwait(false);
            IReadOnlyList<string> found;
            try
            {
                found = PageSnapshot.Find(snapshot, matches);
            }
            catch (RegexMatchTimeoutException)
            {
                return "The regular expression took too long on this page; use a simpler one.";
            }

            var page = await DescribeAsync(tab).ConfigureAwait(false);
            if (found.Count == 0)
            {
                return $"No match for \"{text}\" on {page}.";
            }

            // No offset here: past the cap, a narrower search serves the model better than paging through matches.
            var window = TextWindow.Cut(string.Join('\n', found), 0, Options.TextMaxChars);
            var fenced = UntrustedContent.Fence($"{found.Count} match(es) for \"{text}\" on {page}:", window with { NextOffset = null }, "browser_find");
            return window.NextOffset is null && found.Count < PageSnapshot.MaxMatches
                ? fenced
                : $"{fenced}\n… more matches were left out; search for something more specific.";
        }, cancellationToken);
    }

    public Task<string> ReadTextAsync(
        int offset = 0,
        CancellationToken cancellationToken = default) =>
        browser.RunAsync("read_text", Options.ActionTimeout, async _ =>
        {
            var tab = await CurrentPageAsync().ConfigureAwait(false);
            var text = await _continued.GetAsync("read_text", tab, offset, async () =>
            {
                var body = await tab.Locator("body").InnerTextAsync(new() { Timeout = Milliseconds(Options.ActionTimeout) }).ConfigureAwait(false);
                return BlankLines().Replace(body.Trim(), "\n\n");
            }).ConfigureAwait(false);
            if (text.Length == 0)
            {
                return $"{await DescribeAsync(tab).ConfigureAwait(false)} shows no text.";
            }

            var window = TextWindow.Cut(text, offset, Options.TextMaxChars);
            return UntrustedContent.Fence($"Text of {await DescribeAsync(tab).ConfigureAwait(false)}:", window, "browser_read_text");
        }, cancellationToken);

    public Task<string> LinksAsync(
        int offset = 0,
        CancellationToken cancellationToken = default) =>
        browser.RunAsync("links", Options.ActionTimeout, async _ =>
        {
            var tab = await CurrentPageAsync().ConfigureAwait(false);
            var list = await _continued.GetAsync("links", tab, offset, async () =>
            {
                var links = await tab.EvaluateAsync<string[][]>(LinksScript).ConfigureAwait(false);
                return string.Join('\n', links
                    .Where(l => l.Length == 2 && l[1].StartsWith("http", StringComparison.OrdinalIgnoreCase))
                    .Select(l => l[0].Length > 0 ? $"- {l[0]} → {l[1]}" : $"- {l[1]}")
                    .Distinct(StringComparer.Ordinal));
            }).ConfigureAwait(false);
            var page = await DescribeAsync(tab).ConfigureAwait(false);
            if (list.Length == 0)
            {
                return $"{page} has no links.";
            }

            var window = TextWindow.Cut(list, offset, Options.TextMaxChars);
            return UntrustedContent.Fence($"{list.Count(c => c == '\n') + 1} link(s) on {page}:", window, "browser_links");
        }, cancellationToken);

    public Task<string> ScreenshotAsync(
        bool fullPage = false,
        CancellationToken cancellationToken = default) =>
        browser.RunAsync("screenshot", Options.ActionTimeout, async ct =>
        {
            var tab = await CurrentPageAsync().ConfigureAwait(false);
            var png = await tab.ScreenshotAsync(new() { FullPage = fullPage, Type = ScreenshotType.Png, Timeout = Milliseconds(Options.ActionTimeout) }).ConfigureAwait(false);
            var name = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMdd-HHmmss-fff}.png");
            using var content = new MemoryStream(png, writable: false);
            var saved = await browser.Files.SaveAsync(BrowserFiles.ScreenshotFolder, name, content, ct).ConfigureAwait(false);
            return $"Saved a screenshot of {await DescribeAsync(tab).ConfigureAwait(false)} as the project file {saved.Path} ({BrowserFiles.FormatSize(saved.Size)}).";
        }, cancellationToken);

    [GeneratedRegex(@"\n[ \t]*(\n[ \t]*){2,}", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();
}
