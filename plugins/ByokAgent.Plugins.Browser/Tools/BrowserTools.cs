using ByokAgent.Plugins.Browser.Safety;
using ByokAgent.Plugins.Browser.Sessions;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Tools;

/// <summary>
/// What the browser tools do for one agent session (the model sees them through <see cref="BrowserToolFunctions"/>):
/// short text results, failures as text, page content fenced as untrusted.
/// </summary>
/// <remarks>
/// The model works as with playwright-mcp: open a page, take a snapshot to see it with element refs, act on refs, read.
/// </remarks>
internal sealed partial class BrowserTools(SessionBrowser browser, AddressGuard guard, TimeProvider time)
{
    private readonly ContinuedContent _continued = new();

    private BrowserOptions Options => browser.Options;

    public async Task<string> NavigateAsync(
        string url,
        CancellationToken cancellationToken = default)
    {
        // Checked before the browser starts: a refused or malformed address costs no Chromium.
        var (target, refusal) = await CheckAddressAsync(url, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return refusal!;
        }

        return await browser.RunAsync("navigate", Options.NavigationTimeout, async _ =>
        {
            var tab = await browser.CurrentTabAsync().ConfigureAwait(false);
            return await GoToAsync(tab, target).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<string> BackAsync(CancellationToken cancellationToken = default) =>
        browser.RunAsync("back", Options.NavigationTimeout, async _ =>
        {
            var tab = await browser.CurrentTabAsync().ConfigureAwait(false);
            var before = tab.Url;
            try
            {
                // No response and the same address: there was no history (a back within the page has no response but moves).
                var response = await tab.GoBackAsync(new() { Timeout = Milliseconds(Options.NavigationTimeout) }).ConfigureAwait(false);
                if (response is null && tab.Url == "about:blank" && before != "about:blank")
                {
                    // The empty page a tab starts with is history too, but not a page to go back to: return to where we were.
                    await tab.GoForwardAsync(new() { Timeout = Milliseconds(Options.NavigationTimeout) }).ConfigureAwait(false);
                }

                return response is null && tab.Url == before
                    ? "There is no earlier page in this tab."
                    : $"Went back to {await DescribeAsync(tab).ConfigureAwait(false)}.";
            }
            catch (TimeoutException)
            {
                return $"Going back timed out after {SessionBrowser.Seconds(Options.NavigationTimeout)}; now at {await DescribeAsync(tab).ConfigureAwait(false)}.";
            }
        }, cancellationToken);

    // The address the model gave, made absolute and checked; or null and the sentence explaining the refusal.
    private async Task<(Uri? Target, string? Refusal)> CheckAddressAsync(string? url, CancellationToken cancellationToken)
    {
        var text = (url ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return (null, "Give the address to open, e.g. https://example.com.");
        }

        if (!text.Contains("://", StringComparison.Ordinal) && !HasScheme(text))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var target) || (target.Scheme is "http" or "https" && target.IdnHost.Length == 0))
        {
            return (null, $"'{url}' is not a web address; write it like https://example.com/page.");
        }

        if (target.Scheme is not ("http" or "https"))
        {
            return (null, $"Refused: only http and https addresses can be opened, not {target.Scheme}: addresses.");
        }

        var decision = await guard.CheckHostAsync(target.IdnHost, cancellationToken).ConfigureAwait(false);
        return decision.Verdict switch
        {
            EgressVerdict.Allowed => (target, null),
            EgressVerdict.Refused => (null, AddressGuard.RefusalMessage(decision.Reason!)),
            _ => (null, $"Could not open {target}: {decision.Reason}."),
        };
    }

    // "mailto:x", "javascript:…", "file:/…": a scheme without "//". "example.com:8080/x" is a host and port, not a scheme.
    private static bool HasScheme(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && !char.IsAsciiDigit(text[(colon + 1)..].FirstOrDefault()) && text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }

    private async Task<string> GoToAsync(IPage tab, Uri target)
    {
        var downloads = browser.DownloadCount;
        IResponse? response;
        try
        {
            response = await tab.GotoAsync(target.AbsoluteUri, new() { Timeout = Milliseconds(Options.NavigationTimeout), WaitUntil = WaitUntilState.Load }).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return $"Navigation timed out after {SessionBrowser.Seconds(Options.NavigationTimeout)}: {target} did not finish loading. The tab shows {await DescribeAsync(tab).ConfigureAwait(false)}.";
        }
        catch (PlaywrightException exception) when (exception.Message.Contains("Download is starting", StringComparison.Ordinal))
        {
            // The download's report (saved or not) follows this sentence once the download has begun.
            await browser.WaitForDownloadAsync(downloads, Options.ActionTimeout).ConfigureAwait(false);
            return $"{target} is a file, not a page: the browser downloads it.";
        }
        catch (PlaywrightException exception) when (exception.Message.Contains("ERR_TUNNEL_CONNECTION_FAILED", StringComparison.Ordinal)
            && browser.TakeRefusals() is [.., var refusal])
        {
            // HTTPS: the proxy refused the CONNECT of a redirect hop; Chromium only reports that the tunnel failed.
            return AddressGuard.RefusalMessage($"{target} led to {refusal.Host}, and {refusal.Reason}");
        }

        if (response is not null && await response.HeaderValueAsync(EgressProxy.RefusalHeader).ConfigureAwait(false) is { } reason)
        {
            browser.TakeRefusals();
            return AddressGuard.RefusalMessage($"{target} redirected to {response.Url}, and {reason}");
        }

        var status = response is null ? string.Empty : $" (HTTP {response.Status}{(response.StatusText.Length > 0 ? " " + response.StatusText : string.Empty)})";
        return $"Opened {await DescribeAsync(tab).ConfigureAwait(false)}{status}. Call browser_snapshot to see it with element refs, or browser_read_text to read it.";
    }

    // Reading or acting on a tab that shows nothing yet would only confuse the model: it is told to open a page first.
    private async Task<IPage> CurrentPageAsync()
    {
        var tab = await browser.CurrentTabAsync().ConfigureAwait(false);
        return tab.Url == "about:blank"
            ? throw new BrowserToolException("The current tab is empty: open a page with browser_navigate first.")
            : tab;
    }

    // "Title" — URL, plus the tab's place when there are several.
    private async Task<string> DescribeAsync(IPage tab)
    {
        var title = await tab.TitleAsync().ConfigureAwait(false);
        var tabs = browser.Tabs;
        var place = tabs.Count > 1 ? $" (tab {IndexOf(tabs, tab) + 1} of {tabs.Count})" : string.Empty;
        return $"\"{(title.Length == 0 ? "untitled" : title.Trim())}\" — {tab.Url}{place}";
    }

    private static int IndexOf(IReadOnlyList<IPage> tabs, IPage tab)
    {
        for (var i = 0; i < tabs.Count; i++)
        {
            if (ReferenceEquals(tabs[i], tab))
            {
                return i;
            }
        }

        return -1;
    }

    // Playwright reads a timeout of 0 as "no timeout": the shortest real one is 1 ms.
    private static float Milliseconds(TimeSpan time) => Math.Max(1f, (float)time.TotalMilliseconds);
}
