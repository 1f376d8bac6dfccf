using System.Text;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Tools;

internal sealed partial class BrowserTools
{
    public async Task<string> TabsAsync(
        string action,
        int? index = null,
        string? url = null,
        CancellationToken cancellationToken = default)
    {
        var verb = (action ?? string.Empty).Trim().ToLowerInvariant();
        Uri? target = null;
        if (verb == "open" && !string.IsNullOrWhiteSpace(url))
        {
            (target, var refusal) = await CheckAddressAsync(url, cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                return refusal!;
            }
        }

        return verb switch
        {
            "list" => await browser.RunAsync("tabs", Options.ActionTimeout, _ => ListTabsAsync(), cancellationToken).ConfigureAwait(false),
            "open" => await browser.RunAsync("tabs", Options.NavigationTimeout, _ => OpenTabAsync(target), cancellationToken).ConfigureAwait(false),
            "switch" when index is null => "Give the index of the tab to switch to (browser_tabs with action list shows them).",
            "switch" => await browser.RunAsync("tabs", Options.ActionTimeout, _ => SwitchTabAsync(index!.Value), cancellationToken).ConfigureAwait(false),
            "close" => await browser.RunAsync("tabs", Options.ActionTimeout, _ => CloseTabAsync(index), cancellationToken).ConfigureAwait(false),
            _ => $"Unknown tabs action '{action}': use list, open, switch or close.",
        };
    }

    private async Task<string> ListTabsAsync()
    {
        var current = await browser.CurrentTabAsync().ConfigureAwait(false);
        var tabs = browser.Tabs;
        var list = new StringBuilder().Append(tabs.Count == 1 ? "1 tab:" : $"{tabs.Count} tabs:");
        for (var i = 0; i < tabs.Count; i++)
        {
            var title = await tabs[i].TitleAsync().ConfigureAwait(false);
            list.Append('\n').Append(i + 1).Append(". \"").Append(title.Length == 0 ? "untitled" : title.Trim()).Append("\" — ").Append(tabs[i].Url)
                .Append(ReferenceEquals(tabs[i], current) ? " (current)" : string.Empty);
        }

        return list.ToString();
    }

    private async Task<string> OpenTabAsync(Uri? target)
    {
        var tab = await browser.OpenTabAsync().ConfigureAwait(false);
        var number = browser.Tabs.Count;
        return target is null
            ? $"Opened an empty tab {number}, now the current one. Open a page in it with browser_navigate."
            : $"New tab {number} is now the current one. {await GoToAsync(tab, target).ConfigureAwait(false)}";
    }

    private async Task<string> SwitchTabAsync(int index)
    {
        var tab = TabAt(index);
        browser.SwitchTo(tab);
        await tab.BringToFrontAsync().ConfigureAwait(false);
        return $"Switched to {await DescribeAsync(tab).ConfigureAwait(false)}.";
    }

    private async Task<string> CloseTabAsync(int? index)
    {
        var tab = index is { } number ? TabAt(number) : await browser.CurrentTabAsync().ConfigureAwait(false);
        await browser.CloseTabAsync(tab).ConfigureAwait(false);
        return browser.Tabs.Count == 0
            ? "Closed the tab; no tabs are open now (the next page opens in a new one)."
            : $"Closed the tab. The current tab is {await DescribeAsync(await browser.CurrentTabAsync().ConfigureAwait(false)).ConfigureAwait(false)}.";
    }

    private IPage TabAt(int index)
    {
        var tabs = browser.Tabs;
        return index >= 1 && index <= tabs.Count
            ? tabs[index - 1]
            : throw new BrowserToolException(tabs.Count == 0
                ? "There are no open tabs."
                : $"There is no tab {index}: the tabs are numbered 1 to {tabs.Count}.");
    }
}
