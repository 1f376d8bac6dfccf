using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Sessions;

internal sealed partial class SessionBrowser
{
    private readonly List<IPage> _popups = [];
    private IPage? _active;

    /// <summary>The session's context; valid inside <see cref="RunAsync"/>.</summary>
    public IBrowserContext Context => _lease?.Context ?? throw new InvalidOperationException("The browser context is opened by RunAsync.");

    /// <summary>The open tabs, oldest first.</summary>
    public IReadOnlyList<IPage> Tabs => [.. Context.Pages.Where(p => !p.IsClosed)];

    /// <summary>The tab tools act on: the current one, else the newest open one, else a new tab.</summary>
    public async Task<IPage> CurrentTabAsync()
    {
        if (_active is { IsClosed: false } active)
        {
            return active;
        }

        var tabs = Tabs;
        _active = tabs.Count > 0 ? tabs[^1] : await Context.NewPageAsync().ConfigureAwait(false);
        return _active;
    }

    /// <summary>Opens a new tab and makes it the current one.</summary>
    /// <exception cref="BrowserToolException">The session has <see cref="BrowserOptions.MaxPagesPerContext"/> tabs open.</exception>
    public async Task<IPage> OpenTabAsync()
    {
        if (Tabs.Count >= _options.MaxPagesPerContext)
        {
            throw new BrowserToolException(
                $"Too many tabs: this session has {Tabs.Count} open, the limit (ByokAgent:Browser:MaxPagesPerContext). Close one with browser_tabs first.");
        }

        _active = await Context.NewPageAsync().ConfigureAwait(false);
        return _active;
    }

    /// <summary>Makes <paramref name="tab"/> the tab tools act on.</summary>
    public void SwitchTo(IPage tab) => _active = tab;

    /// <summary>Closes a tab; when it was the current one, the newest remaining tab becomes current.</summary>
    public async Task CloseTabAsync(IPage tab)
    {
        ArgumentNullException.ThrowIfNull(tab);
        await tab.CloseAsync(new() { RunBeforeUnload = false }).ConfigureAwait(false);
        if (ReferenceEquals(_active, tab))
        {
            _active = null;
        }
    }

    /// <summary>Tabs the pages opened themselves (links with a target, <c>window.open</c>) since the last call, oldest first.</summary>
    public IReadOnlyList<IPage> TakePopups()
    {
        lock (_popups)
        {
            var popups = _popups.Where(p => !p.IsClosed).ToList();
            _popups.Clear();
            return popups;
        }
    }

    private void ForgetPages()
    {
        _active = null;
        lock (_popups)
        {
            _popups.Clear();
        }
    }

    // Every page of the context, whoever opened it: downloads are saved from all of them, and the tab limit holds for
    // pages that scripts open too.
    private void OnPageOpened(object? sender, IPage page)
    {
        page.Download += OnDownload;
        page.Popup += OnPopup;
        if (sender is IBrowserContext context && context.Pages.Count(p => !p.IsClosed) > _options.MaxPagesPerContext)
        {
            AddNote($"Note: the page tried to open more than {_options.MaxPagesPerContext} tabs (ByokAgent:Browser:MaxPagesPerContext); the extra tab was closed.");
            ObserveLater(page.CloseAsync(new() { RunBeforeUnload = false }));
        }
    }

    private void OnPopup(object? sender, IPage popup)
    {
        lock (_popups)
        {
            _popups.Add(popup);
        }
    }
}
