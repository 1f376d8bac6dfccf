using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Sessions;

/// <summary>
/// Watches a tab while a tool acts on it (a click, a key press), so the tool answers once the effect has landed: the
/// requests the action started (in any tab of the context, so a tab it opens counts) have finished, and a page it
/// navigated to has loaded, both bounded in time.
/// </summary>
/// <remarks>
/// Playwright's actions return when the input is delivered, not when its consequences are done; without this, a click
/// on a link reports the old page and a click on a download link misses the download. playwright-mcp waits the same way.
/// </remarks>
internal sealed class PageActivity : IDisposable
{
    private readonly IPage _page;
    private readonly IBrowserContext _context;
    private readonly HashSet<IRequest> _inFlight = [];
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _navigated;

    private PageActivity(IPage page, IBrowserContext context)
    {
        _page = page;
        _context = context;
        context.Request += OnRequest;
        context.RequestFinished += OnRequestDone;
        context.RequestFailed += OnRequestDone;
        page.FrameNavigated += OnFrameNavigated;
    }

    /// <summary>Starts watching <paramref name="page"/> and the requests of its <paramref name="context"/>; dispose to stop.</summary>
    public static PageActivity Watch(IPage page, IBrowserContext context) => new(page, context);

    /// <summary>
    /// Waits until the requests the action started are done (at most <paramref name="requestTimeout"/>) and, when it
    /// navigated, until the new page has loaded (at most <paramref name="loadTimeout"/>). False when a wait ran out.
    /// </summary>
    public async Task<bool> SettleAsync(TimeSpan requestTimeout, TimeSpan loadTimeout)
    {
        lock (_inFlight)
        {
            if (_inFlight.Count == 0)
            {
                _idle.TrySetResult();
            }
        }

        try
        {
            await _idle.Task.WaitAsync(requestTimeout).ConfigureAwait(false);
            if (Volatile.Read(ref _navigated))
            {
                await _page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = (float)loadTimeout.TotalMilliseconds }).ConfigureAwait(false);
            }

            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _context.Request -= OnRequest;
        _context.RequestFinished -= OnRequestDone;
        _context.RequestFailed -= OnRequestDone;
        _page.FrameNavigated -= OnFrameNavigated;
    }

    private void OnRequest(object? sender, IRequest request)
    {
        lock (_inFlight)
        {
            _inFlight.Add(request);
        }
    }

    private void OnRequestDone(object? sender, IRequest request)
    {
        lock (_inFlight)
        {
            if (_inFlight.Remove(request) && _inFlight.Count == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private void OnFrameNavigated(object? sender, IFrame frame)
    {
        if (frame.ParentFrame is null)
        {
            Volatile.Write(ref _navigated, true);
        }
    }
}
