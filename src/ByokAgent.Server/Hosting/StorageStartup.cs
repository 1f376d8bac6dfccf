using ByokAgent.Sessions;
using ByokAgent.Storage;
using Microsoft.Extensions.Options;

namespace ByokAgent.Server.Hosting;

/// <summary>
/// Opens the store before the server takes requests (migrations, master-key check: a wrong key stops the start with
/// one clear line), then deletes idle sessions once an hour.
/// </summary>
internal sealed partial class StorageStartup(
    IStorageInitializer storage,
    ISessionStore sessions,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<StorageStartup> logger) : BackgroundService
{
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromHours(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var expiry = options.Value.SessionIdleExpiry;
        if (expiry <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(SweepPeriod, time);
        do
        {
            try
            {
                var removed = await sessions.DeleteIdleAsync(time.GetUtcNow() - expiry, stoppingToken).ConfigureAwait(false);
                Log.Swept(logger, removed);
            }
#pragma warning disable CA1031 // A failed sweep is retried next hour; it must not stop the server.
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.SweepFailed(logger, exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Deleted {Count} idle sessions")]
        public static partial void Swept(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Deleting idle sessions failed: {ExceptionType}")]
        public static partial void SweepFailed(ILogger logger, string exceptionType);
    }
}
