using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Pooling;

/// <summary>
/// The one Chromium of the runtime, launched on first use and relaunched after it crashes or disconnects, and the
/// bounded set of browser contexts (one per session) open in it.
/// </summary>
/// <remarks>
/// Thread-safe; a singleton disposed with the service provider (which closes Chromium and its Playwright driver).
/// Launching is serialized, but a session's work on its own context never waits for another session's.
/// </remarks>
internal sealed partial class BrowserPool : IAsyncDisposable, IDisposable
{
    // Chromium flags beyond Playwright's defaults. WebRTC may otherwise send UDP straight to local networks, past the
    // egress proxy; this keeps it on proxied TCP.
    private static readonly string[] LaunchArguments = ["--force-webrtc-ip-handling-policy=disable_non_proxied_udp"];

    private readonly BrowserOptions _options;
    private readonly ILogger<BrowserPool> _logger;
    private readonly SemaphoreSlim _launchLock = new(1, 1);
    private readonly BrowserContextsGauge _gauge;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private int _contexts;
    private int _disposed;

    public BrowserPool(IOptions<BrowserOptions> options, ILogger<BrowserPool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _gauge = new BrowserContextsGauge(() => ContextCount);
    }

    /// <summary>Browser contexts held by sessions now.</summary>
    public int ContextCount => Volatile.Read(ref _contexts);

    /// <summary>The running browser, if any (tests use it to crash Chromium on purpose).</summary>
    internal IBrowser? CurrentBrowser => Volatile.Read(ref _browser);

    /// <summary>Opens a context for one session, launching Chromium if it is not running.</summary>
    /// <exception cref="BrowserToolException">The bound of contexts is reached, or Chromium cannot start.</exception>
    public async Task<ContextLease> OpenContextAsync(BrowserNewContextOptions contextOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contextOptions);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Increment(ref _contexts) > _options.MaxContexts)
        {
            Interlocked.Decrement(ref _contexts);
            var holders = _options.MaxContexts == 1 ? "1 session holds a browser context" : $"{_options.MaxContexts} sessions hold browser contexts";
            throw new BrowserToolException($"The browser is busy: {holders} (ByokAgent:Browser:MaxContexts). Try again in a few minutes.");
        }

        try
        {
            var context = await NewContextAsync(contextOptions, cancellationToken).ConfigureAwait(false);
            context.SetDefaultTimeout((float)_options.ActionTimeout.TotalMilliseconds);
            context.SetDefaultNavigationTimeout((float)_options.NavigationTimeout.TotalMilliseconds);
            return new ContextLease(context, ReleaseSlot);
        }
        catch
        {
            ReleaseSlot();
            throw;
        }
    }

    /// <summary>Closes Chromium and the Playwright driver.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Interlocked.Exchange(ref _browser, null) is { } browser)
        {
            try
            {
                await browser.CloseAsync().WaitAsync(_options.LaunchTimeout).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is PlaywrightException or TimeoutException)
            {
                // Disposing the driver below ends Chromium in any case.
            }
        }

        _playwright?.Dispose();
        _launchLock.Dispose();
        _gauge.Dispose();
    }

    /// <summary>Ends the Playwright driver, which takes Chromium with it (for hosts that dispose synchronously).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _playwright?.Dispose();
            _launchLock.Dispose();
            _gauge.Dispose();
        }
    }

    private void ReleaseSlot() => Interlocked.Decrement(ref _contexts);

    private async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions contextOptions, CancellationToken cancellationToken)
    {
        var browser = await GetBrowserAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await browser.NewContextAsync(contextOptions).WaitAsync(_options.LaunchTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (PlaywrightException) when (!browser.IsConnected)
        {
            // Chromium died between the check and the call (the Disconnected event may trail the crash): one relaunch.
            browser = await GetBrowserAsync(cancellationToken).ConfigureAwait(false);
            return await browser.NewContextAsync(contextOptions).WaitAsync(_options.LaunchTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IBrowser> GetBrowserAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _browser) is { IsConnected: true } running)
        {
            return running;
        }

        await _launchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _browser) is { IsConnected: true } launched)
            {
                return launched;
            }

            var browser = await LaunchAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _browser, browser);
            return browser;
        }
        finally
        {
            _launchLock.Release();
        }
    }

    private async Task<IBrowser> LaunchAsync(CancellationToken cancellationToken)
    {
        var path = _options.ExecutablePath;
        if (!File.Exists(path))
        {
            throw new BrowserToolException(
                $"The browser is not installed: {path} does not exist. Install Debian's chromium package (scripts/setup/chromium.sh) or set ByokAgent:Browser:ExecutablePath.");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            _playwright ??= await Playwright.CreateAsync().WaitAsync(_options.LaunchTimeout, cancellationToken).ConfigureAwait(false);
            var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = _options.Headless,
                Timeout = (float)_options.LaunchTimeout.TotalMilliseconds,
                Args = LaunchArguments,
            }).WaitAsync(_options.LaunchTimeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            browser.Disconnected += OnDisconnected;
            Log.Launched(_logger, path, browser.Version, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return browser;
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException)
        {
            // The driver may be the broken part (it died with the browser): start a new one on the next attempt.
            _playwright?.Dispose();
            _playwright = null;
            Log.LaunchFailed(_logger, path, exception.GetType().Name);
            throw new BrowserToolException($"The browser could not start ({path}): {BrowserErrors.FirstLine(exception.Message)}", exception);
        }
    }

    private void OnDisconnected(object? sender, IBrowser browser)
    {
        browser.Disconnected -= OnDisconnected;
        // Only forget the browser that disconnected: a relaunched one may already be in place.
        if (Interlocked.CompareExchange(ref _browser, null, browser) == browser && Volatile.Read(ref _disposed) == 0)
        {
            Log.Disconnected(_logger);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Chromium {Version} started from {Path} in {ElapsedMs} ms")]
        public static partial void Launched(ILogger logger, string path, string version, long elapsedMs);

        [LoggerMessage(2, LogLevel.Error, "Chromium could not start from {Path}: {ErrorType}")]
        public static partial void LaunchFailed(ILogger logger, string path, string errorType);

        [LoggerMessage(3, LogLevel.Warning, "Chromium disconnected (crashed or was closed); it restarts on the next browser tool call")]
        public static partial void Disconnected(ILogger logger);
    }
}
