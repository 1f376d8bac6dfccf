using ByokAgent.Files;
using Microsoft.Playwright;

namespace ByokAgent.Plugins.Browser.Sessions;

internal sealed partial class SessionBrowser
{
    private readonly List<Task<string>> _downloads = [];
    private TaskCompletionSource _downloadStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _downloadCount;

    /// <summary>How many downloads the session's pages have started so far.</summary>
    public int DownloadCount => Volatile.Read(ref _downloadCount);

    /// <summary>
    /// Waits until the pages start a download beyond the first <paramref name="seen"/> (Playwright may report a
    /// navigation that turned into a download before the download itself). False when none starts in time.
    /// </summary>
    public async Task<bool> WaitForDownloadAsync(int seen, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task started;
            lock (_downloads)
            {
                if (_downloadCount > seen)
                {
                    return true;
                }

                started = _downloadStarted.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await started.WaitAsync(left).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>Takes the refusals of the session's proxy not yet reported (a tool that explains them itself calls this).</summary>
    public IReadOnlyList<Safety.EgressRefusal> TakeRefusals() => _proxy?.TakeRefusals() ?? [];

    // What happened beside the action: downloads it started (saved as project files) and requests the proxy refused.
    private async Task<List<string>> ReportAfterActionAsync()
    {
        var lines = new List<string>();
        Task<string>[] pending;
        lock (_downloads)
        {
            pending = [.. _downloads];
        }

        if (pending.Length > 0)
        {
            // Downloads finish on their own; the report waits a bounded time, and the rest is reported by a later call.
            try
            {
                await Task.WhenAll(pending).WaitAsync(_options.NavigationTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }

            lock (_downloads)
            {
                foreach (var download in pending)
                {
                    if (download.IsCompleted)
                    {
                        _downloads.Remove(download);
                        lines.Add(download.Result);
                    }
                    else
                    {
                        lines.Add("A download is still in progress; it is saved as a project file when done (a later browser tool result reports it).");
                    }
                }
            }
        }

        var refusals = TakeRefusals();
        if (refusals.Count > 0)
        {
            var reasons = refusals.Select(r => r.Reason).Distinct().Take(5);
            lines.Add($"Blocked {refusals.Count} request(s) of the page to non-public addresses: {string.Join("; ", reasons)}.");
        }

        return lines;
    }

    private void OnDownload(object? sender, IDownload download)
    {
        TaskCompletionSource started;
        lock (_downloads)
        {
            _downloads.Add(SaveDownloadAsync(download));
            _downloadCount++;
            started = _downloadStarted;
            _downloadStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        started.TrySetResult();
    }

    // Never throws: the outcome is a line for the model.
    private async Task<string> SaveDownloadAsync(IDownload download)
    {
        var name = BrowserFiles.SafeName(download.SuggestedFilename);
        try
        {
            // Playwright keeps the finished download in a temporary file until the context closes.
            var temporary = await download.PathAsync().ConfigureAwait(false);
            var content = File.OpenRead(temporary);
            await using (content.ConfigureAwait(false))
            {
                var saved = await Files.SaveAsync(BrowserFiles.DownloadFolder, name, content, CancellationToken.None).ConfigureAwait(false);
                Log.DownloadSaved(_logger, SessionId, saved.Size);
                return $"Downloaded {name} ({BrowserFiles.FormatSize(saved.Size)}) and saved it as the project file {saved.Path}.";
            }
        }
        catch (FileStoreException exception)
        {
            return $"The download of {name} could not be saved: {exception.Message}";
        }
        catch (Exception exception) when (exception is PlaywrightException or IOException)
        {
            return $"The download of {name} failed: {BrowserErrors.FirstLine(exception.Message)}";
        }
    }
}
