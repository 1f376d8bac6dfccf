using System.Collections.Concurrent;
using ByokAgent.Agents;
using ByokAgent.Server.Hosting;
using ByokAgent.Sessions;
using Microsoft.Extensions.Options;

namespace ByokAgent.Server.Agent;

/// <summary>
/// The sessions the server holds open between requests, so a conversation keeps its kernel and its browser context
/// (cookies, open tabs) across turns, and two turns of one session never run at once.
/// </summary>
/// <remarks>
/// <para>A session idle longer than <see cref="ServerOptions.SessionIdleTimeout"/>, or the longest idle past
/// <see cref="ServerOptions.MaxOpenSessions"/>, is closed (its plugins' resources released); its conversation stays in the
/// store and opens again on the next turn.</para>
/// <para>Several server instances may share one PostgreSQL: before reusing an open session, its version is compared
/// with the store's, and a session another instance moved on is reopened from the store.</para>
/// </remarks>
internal sealed partial class OpenSessions : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly AgentRuntime _runtime;
    private readonly ISessionStore _store;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OpenSessions> _logger;
    private readonly ITimer _sweep;
    private readonly SemaphoreSlim _trimming = new(1, 1);

    public OpenSessions(AgentRuntime runtime, ISessionStore store, IOptions<ServerOptions> options, TimeProvider time, ILogger<OpenSessions> logger)
    {
        _runtime = runtime;
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var period = _options.SessionIdleTimeout < TimeSpan.FromMinutes(1) ? _options.SessionIdleTimeout : TimeSpan.FromMinutes(1);
        _sweep = time.CreateTimer(_ => _ = SweepAsync(), null, period, period);
    }

    /// <summary>
    /// The session for one turn, held exclusively until the lease is disposed: an existing one (<paramref name="sessionId"/>)
    /// or a new one.
    /// </summary>
    /// <exception cref="SessionBusyException">A turn is already running in that session.</exception>
    /// <exception cref="SessionNotFoundException">No such session in the project.</exception>
    public async Task<SessionLease> AcquireAsync(string projectId, string? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is null)
        {
            var created = await _runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = projectId }, cancellationToken).ConfigureAwait(false);
            var fresh = new Entry(created, _time.GetUtcNow());
            fresh.Gate.Wait(0, CancellationToken.None);
            _entries[Key(projectId, created.Id)] = fresh;
            await TrimAsync().ConfigureAwait(false);
            return new SessionLease(fresh, this);
        }

        var key = Key(projectId, sessionId);
        var entry = _entries.GetOrAdd(key, _ => new Entry(null, _time.GetUtcNow()));
        if (!await entry.Gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new SessionBusyException(sessionId);
        }

        try
        {
            var stored = await _store.GetAsync(projectId, sessionId, cancellationToken).ConfigureAwait(false) ?? throw new SessionNotFoundException(sessionId);
            if (entry.Session is { } open && open.Version != stored.Version)
            {
                // Another instance stored a turn meanwhile: this copy of the history is behind.
                await open.DisposeAsync().ConfigureAwait(false);
                entry.Session = null;
            }

            entry.Session ??= await _runtime.OpenSessionAsync(new AgentSessionRequest { ProjectId = projectId, SessionId = sessionId }, cancellationToken).ConfigureAwait(false);
            return new SessionLease(entry, this);
        }
        catch
        {
            entry.Gate.Release();
            if (entry.Session is null)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }

            throw;
        }
    }

    /// <summary>Closes a session the project deleted (after any running turn).</summary>
    public async Task CloseAsync(string projectId, string sessionId)
    {
        if (_entries.TryRemove(Key(projectId, sessionId), out var entry))
        {
            await entry.Gate.WaitAsync().ConfigureAwait(false);
            await CloseEntryAsync(entry).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync().ConfigureAwait(false);
        foreach (var key in _entries.Keys)
        {
            if (_entries.TryRemove(key, out var entry))
            {
                await CloseEntryAsync(entry).ConfigureAwait(false);
            }
        }
    }

    private void Release(Entry entry)
    {
        entry.Touch(_time.GetUtcNow());
        entry.Gate.Release();
    }

    private async Task SweepAsync()
    {
        var cutoff = (_time.GetUtcNow() - _options.SessionIdleTimeout).UtcTicks;
        foreach (var (key, entry) in _entries.ToArray())
        {
            if (entry.LastUsedTicks < cutoff)
            {
                await TryCloseIdleAsync(key, entry).ConfigureAwait(false);
            }
        }
    }

    // Best effort and one at a time: closing old sessions must never fail, or slow down, the request that triggered it.
    private async Task TrimAsync()
    {
        if (_entries.Count <= _options.MaxOpenSessions || !_trimming.Wait(0, CancellationToken.None))
        {
            return;
        }

        try
        {
            // Down to 7/8 of the limit at once: sorting every open session then happens once per MaxOpenSessions/8 new
            // sessions, not on each request (it was 7% of the server's CPU under a load of one new session per turn).
            var excess = _entries.Count - (_options.MaxOpenSessions - (_options.MaxOpenSessions / 8));
            var oldest = _entries.ToArray().OrderBy(e => e.Value.LastUsedTicks).Take(Math.Max(0, excess)).ToList();
            foreach (var (key, entry) in oldest)
            {
                await TryCloseIdleAsync(key, entry).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Trimming is housekeeping: a fault is logged and the request goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.CloseFailed(_logger, exception.GetType().Name);
        }
        finally
        {
            _trimming.Release();
        }
    }

    // Only a session with no running turn is closed; a busy one is left for the next sweep.
    private async Task TryCloseIdleAsync(string key, Entry entry)
    {
        if (!entry.Gate.Wait(0))
        {
            return;
        }

        if (_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
        {
            await CloseEntryAsync(entry).ConfigureAwait(false);
        }
        else
        {
            entry.Gate.Release();
        }
    }

    private async Task CloseEntryAsync(Entry entry)
    {
        try
        {
            if (entry.Session is { } session)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Closing must go on for the other sessions; the session already logs its plugins' faults.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.CloseFailed(_logger, exception.GetType().Name);
        }
    }

    private static string Key(string projectId, string sessionId) => $"{projectId}/{sessionId}";

    /// <summary>One open session and the gate that lets one turn at a time through.</summary>
    internal sealed class Entry(AgentSession? session, DateTimeOffset lastUsed)
    {
        // Ticks in a long, read and written atomically: sweeps and trims read it while requests release entries.
        private long _lastUsedTicks = lastUsed.UtcTicks;

        public AgentSession? Session { get; set; } = session;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long LastUsedTicks => Interlocked.Read(ref _lastUsedTicks);

        public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);
    }

    /// <summary>Exclusive use of an open session for one turn.</summary>
    internal sealed class SessionLease : IDisposable
    {
        private readonly Entry _entry;
        private readonly OpenSessions _owner;
        private int _released;

        public SessionLease(Entry entry, OpenSessions owner)
        {
            _entry = entry;
            _owner = owner;
        }

        public AgentSession Session => _entry.Session!;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _owner.Release(_entry);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Closing an open session failed: {ExceptionType}")]
        public static partial void CloseFailed(ILogger logger, string exceptionType);
    }
}
