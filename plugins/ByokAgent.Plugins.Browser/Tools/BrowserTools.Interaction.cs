using System.Diagnostics;
using System.Globalization;
using ByokAgent.Plugins.Browser.Sessions;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Tools;

internal sealed partial class BrowserTools
{
    // An action's effects (requests it started, a page it opened) get this long before the tool answers anyway.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    private TimeSpan InteractionBudget => Options.ActionTimeout + Options.NavigationTimeout;

    public Task<string> ClickAsync(
        string @ref,
        CancellationToken cancellationToken = default) =>
        InteractAsync("click", @ref, (element, _) => element.ClickAsync(new() { Timeout = Milliseconds(Options.ActionTimeout) }), reference => $"Clicked {reference}.", cancellationToken);

    public Task<string> TypeAsync(
        string @ref,
        string text,
        bool submit = false,
        CancellationToken cancellationToken = default) =>
        InteractAsync(
            "type",
            @ref,
            async (element, _) =>
            {
                await element.FillAsync(text ?? string.Empty, new() { Timeout = Milliseconds(Options.ActionTimeout) }).ConfigureAwait(false);
                if (submit)
                {
                    await element.PressAsync("Enter", new() { Timeout = Milliseconds(Options.ActionTimeout) }).ConfigureAwait(false);
                }
            },
            // The text is not repeated: it may be a password, and the model knows what it typed.
            reference => string.Create(CultureInfo.InvariantCulture, $"Typed {(text ?? string.Empty).Length} characters into {reference}{(submit ? " and pressed Enter" : string.Empty)}."),
            cancellationToken);

    public Task<string> SelectOptionAsync(
        string @ref,
        string[] values,
        CancellationToken cancellationToken = default)
    {
        if (values is null || values.Length == 0 || values.All(string.IsNullOrWhiteSpace))
        {
            return Task.FromResult("Give at least one option to choose, by its label or value.");
        }

        IReadOnlyList<string> selected = [];
        return InteractAsync(
            "select_option",
            @ref,
            async (element, _) => selected = await element.SelectOptionAsync(values, new() { Timeout = Milliseconds(Options.ActionTimeout) }).ConfigureAwait(false),
            reference => $"Selected {string.Join(", ", selected.Select(v => $"\"{v}\""))} in {reference}.",
            cancellationToken);
    }

    public Task<string> PressKeyAsync(
        string key,
        string? @ref = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return Task.FromResult("Give the key to press, e.g. Enter or ArrowDown.");
        }

        var options = new LocatorPressOptions { Timeout = Milliseconds(Options.ActionTimeout) };
        return string.IsNullOrWhiteSpace(@ref)
            ? InteractWithPageAsync("press_key", tab => tab.Keyboard.PressAsync(key.Trim()), $"Pressed {key.Trim()}.", cancellationToken)
            : InteractAsync("press_key", @ref, (element, _) => element.PressAsync(key.Trim(), options), reference => $"Pressed {key.Trim()} on {reference}.", cancellationToken);
    }

    public Task<string> WaitForAsync(
        string? text = null,
        double? seconds = null,
        CancellationToken cancellationToken = default)
    {
        var limit = Options.MaxWait;
        if (string.IsNullOrWhiteSpace(text) && seconds is null)
        {
            return Task.FromResult("Give text to wait for, seconds to wait, or both.");
        }

        if (seconds is { } s && (double.IsNaN(s) || s < 0 || s > limit.TotalSeconds))
        {
            return Task.FromResult($"seconds must be between 0 and {limit.TotalSeconds:0} (ByokAgent:Browser:MaxWait).");
        }

        var wait = seconds is { } requested ? TimeSpan.FromSeconds(requested) : limit;
        return browser.RunAsync("wait_for", wait, async ct =>
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                await Task.Delay(wait, ct).ConfigureAwait(false);
                return $"Waited {SessionBrowser.Seconds(wait)}.";
            }

            var tab = await CurrentPageAsync().ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await tab.GetByText(text).First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = Milliseconds(wait) }).ConfigureAwait(false);
                return $"\"{text}\" is on the page (after {SessionBrowser.Seconds(Stopwatch.GetElapsedTime(started))}).";
            }
            catch (TimeoutException)
            {
                return $"\"{text}\" did not appear within {SessionBrowser.Seconds(wait)}.";
            }
        }, cancellationToken);
    }

    // done runs after the action: its sentence may report what the action returned.
    private Task<string> InteractAsync(string tool, string? reference, Func<ILocator, IPage, Task> act, Func<string, string> done, CancellationToken cancellationToken)
    {
        string canonical;
        try
        {
            canonical = ElementRef.Parse(reference);
        }
        catch (BrowserToolException exception)
        {
            return Task.FromResult(exception.Message);
        }

        return browser.RunAsync(tool, InteractionBudget, async _ =>
        {
            var tab = await CurrentPageAsync().ConfigureAwait(false);
            var element = await ElementRef.LocateAsync(tab, canonical).ConfigureAwait(false);
            return await ActAndSettleAsync(tab, () => act(element, tab), () => done(canonical)).ConfigureAwait(false);
        }, cancellationToken);
    }

    private Task<string> InteractWithPageAsync(string tool, Func<IPage, Task> act, string done, CancellationToken cancellationToken) =>
        browser.RunAsync(tool, InteractionBudget, async _ =>
        {
            var tab = await CurrentPageAsync().ConfigureAwait(false);
            return await ActAndSettleAsync(tab, () => act(tab), () => done).ConfigureAwait(false);
        }, cancellationToken);

    // Acts, waits for the effects to land, and says where the session is now (a tab the action opened becomes current).
    private async Task<string> ActAndSettleAsync(IPage tab, Func<Task> act, Func<string> describeAction)
    {
        bool settled;
        using (var activity = PageActivity.Watch(tab, browser.Context))
        {
            await act().ConfigureAwait(false);
            settled = await activity.SettleAsync(SettleTimeout, Options.NavigationTimeout).ConfigureAwait(false);
        }

        var done = describeAction();
        var opened = browser.TakePopups();
        if (opened.Count > 0)
        {
            var popup = opened[^1];
            browser.SwitchTo(popup);
            try
            {
                await popup.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = Milliseconds(Options.NavigationTimeout) }).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                settled = false;
            }

            return $"{done} It opened a new tab, now the current one: {await DescribeAsync(popup).ConfigureAwait(false)}.{(settled ? string.Empty : " It is still loading.")}";
        }

        return $"{done} Now on {await DescribeAsync(tab).ConfigureAwait(false)}.{(settled ? string.Empty : " The page is still loading.")}";
    }
}
