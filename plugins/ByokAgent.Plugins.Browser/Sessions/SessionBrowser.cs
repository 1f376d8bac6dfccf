using ByokAgent.Plugins.Browser.Pooling;
using ByokAgent.Plugins.Browser.Safety;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Sessions;

/// <summary>
/// One agent session's browser: a Chromium context of its own (cookies and storage never shared), opened on the first
/// browser tool call, closed after <see cref="BrowserOptions.IdleTimeout"/> without calls and when the session ends.
/// </summary>
/// <remarks>
/// <para>Tool calls of the session run one at a time; each is bounded in time, so a page that hangs answers "did not
/// respond" instead of holding the agent (other sessions have their own contexts and never wait for it).</para>
/// <para>All traffic of the context goes through the session's <see cref="EgressProxy"/>. Whatever goes wrong is
/// returned as text for the model: nothing is thrown through the agent loop except the turn's own cancellation.</para>
/// </remarks>
internal sealed partial class SessionBrowser : IAsyncDisposable
{
    // Beyond an action's own timeout: Playwright's timeouts fire first and explain more; this catches calls that have
    // none (script evaluation in a page whose renderer is stuck).
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private readonly BrowserPool _pool;
    private readonly AddressGuard _guard;
    private readonly BrowserOptions _options;
    private readonly ILogger _logger;
    private readonly ILogger _proxyLogger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _idleTimer;
    private readonly List<string> _notes = [];
    private ContextLease? _lease;
    private EgressProxy? _proxy;
    private int _disposed;

    public SessionBrowser(BrowserPool pool, AddressGuard guard, BrowserOptions options, BrowserFiles files, string sessionId, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _pool = pool;
        _guard = guard;
        _options = options;
        Files = files;
        SessionId = sessionId;
        _logger = loggers.CreateLogger<SessionBrowser>();
        _proxyLogger = loggers.CreateLogger<EgressProxy>();
        _idleTimer = time.CreateTimer(static state => ((SessionBrowser)state!).OnIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The agent session this browser belongs to.</summary>
    public string SessionId { get; }

    /// <summary>The plugin's settings.</summary>
    public BrowserOptions Options => _options;

    /// <summary>Where screenshots and downloads are saved.</summary>
    public BrowserFiles Files { get; }

    /// <summary>Whether the session holds a browser context now (tests and the idle timer ask).</summary>
    public bool HasContext => _lease is not null;

    /// <summary>The closing started by the latest idle timeout (tests await it instead of sleeping).</summary>
    internal Task IdleClosing { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Runs one tool action: opens the browser on first use, waits for the session's previous action, bounds the
    /// action to <paramref name="budget"/>, and returns its text, or the failure as text.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the turn was).</exception>
    public async Task<string> RunAsync(string tool, TimeSpan budget, Func<CancellationToken, Task<string>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Volatile.Read(ref _disposed) != 0)
        {
            return "The browser of this session is closed: the session has ended.";
        }

        if (!await _gate.WaitAsync(budget + Grace, cancellationToken).ConfigureAwait(false))
        {
            return "The browser is still busy with this session's previous action; try again in a moment.";
        }

        try
        {
            _idleTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            var result = await RunBoundedAsync(tool, budget, action, cancellationToken).ConfigureAwait(false);
            return Compose(TakeNotes(), result, await ReportAfterActionAsync().ConfigureAwait(false));
        }
        finally
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _idleTimer.Change(_options.IdleTimeout, Timeout.InfiniteTimeSpan);
            }

            _gate.Release();
        }
    }

    /// <summary>Closes the session's context and proxy; later tool calls answer that the session has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _idleTimer.DisposeAsync().ConfigureAwait(false);
        // A hung action may hold the gate: close anyway after a while, the context going away ends that action too.
        var entered = await _gate.WaitAsync(_options.ActionTimeout + Grace).ConfigureAwait(false);
        try
        {
            await CloseContextAsync("session ended").ConfigureAwait(false);
            if (_proxy is not null)
            {
                await _proxy.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (entered)
            {
                _gate.Release();
            }
        }
    }

    private async Task<string> RunBoundedAsync(string tool, TimeSpan budget, Func<CancellationToken, Task<string>> action, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<string>? work = null;
        try
        {
            await EnsureContextAsync(cancellationToken).ConfigureAwait(false);
            work = action(bounded.Token);
            // Wall-clock, not the injected TimeProvider: this bounds real work on a real browser.
            var finished = await Task.WhenAny(work, Task.Delay(budget + Grace, bounded.Token)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            // Ends the delay when the work won, and tells the work to stop when the delay won.
            await bounded.CancelAsync().ConfigureAwait(false);
            if (finished != work)
            {
                ObserveLater(work);
                Log.ActionHung(_logger, SessionId, tool, (long)budget.TotalSeconds);
                return $"The page did not respond within {Seconds(budget)} (it may be busy running scripts). Try again, open another page with browser_navigate, or close the tab with browser_tabs.";
            }

            return await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (work is not null)
            {
                ObserveLater(work);
            }

            throw;
        }
#pragma warning disable CA1031 // The tool boundary: every failure becomes text for the model, never an exception in the agent loop.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.ActionFailed(_logger, SessionId, tool, exception.GetType().Name);
            if (exception is PlaywrightException && _lease is { IsAlive: false })
            {
                return "The browser stopped while working (it crashed or was restarted). Call the tool again: a fresh browser starts, without the earlier pages and cookies.";
            }

            return BrowserErrors.Describe(exception);
        }
    }

    private async Task EnsureContextAsync(CancellationToken cancellationToken)
    {
        if (_lease is { IsAlive: true })
        {
            return;
        }

        if (_lease is not null)
        {
            AddNote("Note: the browser had stopped (it crashed or was restarted), so this is a fresh one: earlier pages, cookies and logins are gone.");
            await CloseContextAsync("browser stopped").ConfigureAwait(false);
        }

        _proxy ??= EgressProxy.Start(_guard, _options.NavigationTimeout, SessionId, _proxyLogger);
        var lease = await _pool.OpenContextAsync(
            new BrowserNewContextOptions
            {
                AcceptDownloads = true,
                Proxy = new Proxy { Server = _proxy.Address.ToString() },
                ViewportSize = new ViewportSize { Width = _options.ViewportWidth, Height = _options.ViewportHeight },
            },
            cancellationToken).ConfigureAwait(false);
        lease.Context.Page += OnPageOpened;
        _lease = lease;
        Log.ContextOpened(_logger, SessionId, _pool.ContextCount);
    }

    private async Task CloseContextAsync(string reason)
    {
        var lease = _lease;
        if (lease is null)
        {
            return;
        }

        _lease = null;
        ForgetPages();
        lease.Context.Page -= OnPageOpened;
        await lease.DisposeAsync().ConfigureAwait(false);
        Log.ContextClosed(_logger, SessionId, reason);
    }

    // Runs on a timer thread. A session in the middle of a call is not idle: the call re-arms the timer when it ends.
    private void OnIdle() => IdleClosing = CloseIdleAsync();

    private async Task CloseIdleAsync()
    {
        if (!await _gate.WaitAsync(TimeSpan.Zero).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            if (_lease is not null && Volatile.Read(ref _disposed) == 0)
            {
                await CloseContextAsync("idle").ConfigureAwait(false);
                if (_proxy is not null)
                {
                    await _proxy.DisposeAsync().ConfigureAwait(false);
                    _proxy = null;
                }

                AddNote($"Note: this session's browser was closed after {Seconds(_options.IdleTimeout)} without use, so this is a fresh one: earlier pages, cookies and logins are gone.");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void AddNote(string note)
    {
        lock (_notes)
        {
            _notes.Add(note);
        }
    }

    private List<string> TakeNotes()
    {
        lock (_notes)
        {
            var notes = _notes.ToList();
            _notes.Clear();
            return notes;
        }
    }

    private static string Compose(List<string> before, string result, List<string> after) =>
        string.Join('\n', before.Append(result).Concat(after));

    // A task left running after its tool gave up: its eventual failure is expected and must not surface as unobserved.
    private static void ObserveLater(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    internal static string Seconds(TimeSpan time) =>
        time.TotalSeconds >= 120 && time.TotalSeconds % 60 == 0
            ? FormattableString.Invariant($"{time.TotalMinutes:0} min")
            : FormattableString.Invariant($"{time.TotalSeconds:0.#} s");
}
