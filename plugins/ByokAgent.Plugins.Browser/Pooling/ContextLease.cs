using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Pooling;

/// <summary>One session's browser context and its slot in the pool; disposing closes the context and frees the slot.</summary>
internal sealed class ContextLease : IAsyncDisposable
{
    // Closing a context whose renderer hangs still returns (Chromium kills it), but a dead driver may never answer.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly Action _release;
    private int _contextClosed;
    private int _disposed;

    internal ContextLease(IBrowserContext context, Action release)
    {
        Context = context;
        _release = release;
        context.Close += (_, _) => Volatile.Write(ref _contextClosed, 1);
    }

    /// <summary>The context: the session's cookies, storage and pages.</summary>
    public IBrowserContext Context { get; }

    /// <summary>False once the context closed or its browser disconnected (crash, restart): the session needs a new one.</summary>
    public bool IsAlive => Volatile.Read(ref _contextClosed) == 0 && Volatile.Read(ref _disposed) == 0 && Context.Browser is { IsConnected: true };

    /// <summary>Closes the context (its pages, cookies and storage are gone) and frees the pool slot. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (Context.Browser is { IsConnected: true })
            {
                await Context.CloseAsync().WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException)
        {
            // Already gone with its browser, or the driver is not answering: nothing of it remains to release.
        }
        finally
        {
            _release();
        }
    }
}
