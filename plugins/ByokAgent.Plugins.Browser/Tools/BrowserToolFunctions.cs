using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using ByokAgent.Agents.Plugins;
using Microsoft.SemanticKernel;

namespace ByokAgent.Plugins.Browser.Tools;

/// <summary>
/// The browser tools as the model sees them (<c>browser_navigate</c>, <c>browser_snapshot</c>, <c>browser_click</c>…):
/// names, descriptions and parameters. One instance serves every session; each call runs on the calling session's
/// <see cref="BrowserTools"/>, which the plugin's registration stored in the session's <see cref="AgentPluginContext"/>.
/// </summary>
/// <remarks>
/// Kept apart from <see cref="BrowserTools"/> so the plugin is built once per runtime: building it reflects over these
/// methods and writes a JSON schema for each (about a millisecond), which per session was the largest cost of opening one.
/// Semantic Kernel passes the <see cref="Kernel"/> parameter and leaves it out of the schema.
/// </remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Semantic Kernel builds a plugin from an instance's methods.")]
internal sealed class BrowserToolFunctions
{
    [KernelFunction("click")]
    [Description("Clicks an element of the current page (link, button, checkbox, tab…) by its ref from browser_snapshot, and says where the page is afterwards.")]
    public Task<string> ClickAsync(
        Kernel kernel,
        [Description("The element's ref from the latest browser_snapshot, e.g. e12.")] string @ref,
        CancellationToken cancellationToken = default) =>
        Session(kernel).ClickAsync(@ref, cancellationToken);

    [KernelFunction("type")]
    [Description("Types text into an input field of the current page (replacing what it holds), by the field's ref from browser_snapshot; with submit, presses Enter afterwards to send the form.")]
    public Task<string> TypeAsync(
        Kernel kernel,
        [Description("The input field's ref from the latest browser_snapshot, e.g. e8.")] string @ref,
        [Description("The text to put in the field.")] string text,
        [Description("True to press Enter after typing (submits most forms).")] bool submit = false,
        CancellationToken cancellationToken = default) =>
        Session(kernel).TypeAsync(@ref, text, submit, cancellationToken);

    [KernelFunction("select_option")]
    [Description("Chooses options in a drop-down (select) of the current page by the drop-down's ref from browser_snapshot.")]
    public Task<string> SelectOptionAsync(
        Kernel kernel,
        [Description("The drop-down's ref from the latest browser_snapshot, e.g. e11.")] string @ref,
        [Description("The options to choose, by visible label or value; several only for a multiple-choice list.")] string[] values,
        CancellationToken cancellationToken = default) =>
        Session(kernel).SelectOptionAsync(@ref, values, cancellationToken);

    [KernelFunction("press_key")]
    [Description("Presses a key or key combination, on an element by its ref or on the page: Enter, Tab, Escape, ArrowDown, PageDown, Control+a…")]
    public Task<string> PressKeyAsync(
        Kernel kernel,
        [Description("The key, as Playwright names keys: Enter, Tab, Escape, Backspace, ArrowUp, ArrowDown, PageDown, Home, a, Shift+Tab, Control+a.")] string key,
        [Description("The ref of the element to press it on (from browser_snapshot); empty for the page's focused element.")] string? @ref = null,
        CancellationToken cancellationToken = default) =>
        Session(kernel).PressKeyAsync(key, @ref, cancellationToken);

    [KernelFunction("wait_for")]
    [Description("Waits until a text appears on the current page (for results that load slowly), or for a number of seconds; at most 30 s by default.")]
    public Task<string> WaitForAsync(
        Kernel kernel,
        [Description("Text to wait for; empty to just wait.")] string? text = null,
        [Description("Seconds to wait: with text, the most to wait for it; without, how long to wait.")] double? seconds = null,
        CancellationToken cancellationToken = default) =>
        Session(kernel).WaitForAsync(text, seconds, cancellationToken);

    [KernelFunction("snapshot")]
    [Description("Shows the current page as an accessibility tree: roles, names, text, and element refs like [ref=e12] for browser_click, browser_type, browser_select_option and browser_press_key. Take a new snapshot after the page changes. Long pages come in parts: pass the offset the result gives.")]
    public Task<string> SnapshotAsync(
        Kernel kernel,
        [Description("Where to continue a long snapshot (the offset a previous result gave); 0 for the start.")] int offset = 0,
        CancellationToken cancellationToken = default) =>
        Session(kernel).SnapshotAsync(offset, cancellationToken);

    [KernelFunction("find")]
    [Description("Finds text on the current page and returns the matching lines of its snapshot, with the element refs to act on. Case-insensitive; set regex to true to search with a regular expression.")]
    public Task<string> FindAsync(
        Kernel kernel,
        [Description("The text to look for (or a regular expression when regex is true).")] string text,
        [Description("Whether text is a .NET regular expression.")] bool regex = false,
        CancellationToken cancellationToken = default) =>
        Session(kernel).FindAsync(text, regex, cancellationToken);

    [KernelFunction("read_text")]
    [Description("Reads the visible text of the current page, without markup (good for articles and results). Long pages come in parts: pass the offset the result gives.")]
    public Task<string> ReadTextAsync(
        Kernel kernel,
        [Description("Where to continue a long text (the offset a previous result gave); 0 for the start.")] int offset = 0,
        CancellationToken cancellationToken = default) =>
        Session(kernel).ReadTextAsync(offset, cancellationToken);

    [KernelFunction("links")]
    [Description("Lists the links of the current page: their text and full address. Long lists come in parts: pass the offset the result gives.")]
    public Task<string> LinksAsync(
        Kernel kernel,
        [Description("Where to continue a long list (the offset a previous result gave); 0 for the start.")] int offset = 0,
        CancellationToken cancellationToken = default) =>
        Session(kernel).LinksAsync(offset, cancellationToken);

    [KernelFunction("screenshot")]
    [Description("Takes a PNG screenshot of the current page and saves it as a project file; returns the file's path.")]
    public Task<string> ScreenshotAsync(
        Kernel kernel,
        [Description("True for the whole scrollable page, false for the visible window only.")] bool fullPage = false,
        CancellationToken cancellationToken = default) =>
        Session(kernel).ScreenshotAsync(fullPage, cancellationToken);

    [KernelFunction("tabs")]
    [Description("Manages browser tabs: list them, open a new one (optionally at a url), switch to one, or close one. Tabs are numbered from 1 as the list shows them.")]
    public Task<string> TabsAsync(
        Kernel kernel,
        [Description("list, open, switch or close.")] string action,
        [Description("The tab number for switch and close (close without it closes the current tab).")] int? index = null,
        [Description("For open: the address to open in the new tab.")] string? url = null,
        CancellationToken cancellationToken = default) =>
        Session(kernel).TabsAsync(action, index, url, cancellationToken);

    [KernelFunction("navigate")]
    [Description("Opens a web page (http or https) in the current browser tab and says where it landed. Then call browser_snapshot to see the page with element refs, or browser_read_text to read it.")]
    public Task<string> NavigateAsync(
        Kernel kernel,
        [Description("The address to open, e.g. https://example.com/docs. Without a scheme, https is used.")] string url,
        CancellationToken cancellationToken = default) =>
        Session(kernel).NavigateAsync(url, cancellationToken);

    [KernelFunction("back")]
    [Description("Goes back to the previous page in the current tab, like the browser's Back button.")]
    public Task<string> BackAsync(
        Kernel kernel,
        CancellationToken cancellationToken = default) =>
        Session(kernel).BackAsync(cancellationToken);

    private static BrowserTools Session(Kernel kernel) => AgentPluginContext.Of(kernel).Get<BrowserTools>();
}
