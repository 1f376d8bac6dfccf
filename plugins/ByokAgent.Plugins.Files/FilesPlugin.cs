using System.Text;
using ByokAgent.Files;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Plugins.Files;

/// <summary>What the file tools do for one session (the model sees them through <see cref="FileToolFunctions"/>): its project's files through <see cref="IFileStore"/>.</summary>
/// <remarks>
/// Results are short text written for the model. Refusals and failures are returned as text, never thrown: the model
/// reads why (a path outside the project, a quota) and can correct itself in the same turn.
/// </remarks>
internal sealed partial class FilesPlugin(IFileStore store, string projectId, FileStoreOptions options, ILogger<FilesPlugin> logger)
{
    public Task<string> ListFilesAsync(
        string path = "",
        bool recursive = false,
        CancellationToken cancellationToken = default) =>
        RunAsync("list", path, async () =>
        {
            var listing = await store.ListAsync(projectId, path ?? string.Empty, recursive, cancellationToken).ConfigureAwait(false);
            var folder = (path ?? string.Empty).Trim().Trim('/');
            if (listing.Entries.Count == 0)
            {
                return folder.Length == 0 ? "The project has no files yet." : $"{folder}/ is empty.";
            }

            var text = new StringBuilder(folder.Length == 0 ? "Project files" : $"{folder}/", 256)
                .Append(" (").Append(listing.Entries.Count).Append(listing.Truncated ? "+" : string.Empty).AppendLine(" entries):");
            foreach (var entry in listing.Entries)
            {
                text.AppendLine(FileToolText.Describe(entry));
            }

            if (listing.Truncated)
            {
                text.Append("[Stopped at ").Append(listing.Entries.Count).AppendLine(" entries; list a subfolder to see more.]");
            }

            return text.ToString().TrimEnd();
        });

    public Task<string> ReadFileAsync(
        string path,
        long offset = 0,
        int? maxChars = null,
        CancellationToken cancellationToken = default) =>
        RunAsync("read", path, async () =>
        {
            try
            {
                var slice = await store.ReadTextAsync(projectId, path, offset, maxChars, cancellationToken).ConfigureAwait(false);
                if (slice.Offset == 0 && slice.NextOffset is null && slice.Text.Length == 0)
                {
                    return $"'{slice.Entry.Path}' is empty.";
                }

                return slice.NextOffset is { } next
                    ? $"{slice.Text}\n\n[Characters {slice.Offset}-{next} of '{slice.Entry.Path}'; more follows: call files_read_file with offset={next}.]"
                    : slice.Text;
            }
            catch (FileNotTextException binary)
            {
                return $"'{binary.Entry.Path}' is a binary file ({FileToolText.Details(binary.Entry)}); it cannot be shown as text. " +
                    $"Download: {FileToolText.DownloadPath(options.DownloadPathPrefix, binary.Entry.Path)}";
            }
        });

    public Task<string> WriteFileAsync(
        string path,
        string content,
        CancellationToken cancellationToken = default) =>
        RunAsync("write", path, async () =>
        {
            var stream = new MemoryStream(Encoding.UTF8.GetBytes(content ?? string.Empty), writable: false);
            await using (stream.ConfigureAwait(false))
            {
                var entry = await store.WriteAsync(projectId, path, stream, cancellationToken).ConfigureAwait(false);
                return $"Wrote '{entry.Path}' ({FileSizeText.Format(entry.Size)}).";
            }
        });

    public Task<string> AppendFileAsync(
        string path,
        string text,
        CancellationToken cancellationToken = default) =>
        RunAsync("append", path, async () =>
        {
            var entry = await store.AppendTextAsync(projectId, path, text ?? string.Empty, cancellationToken).ConfigureAwait(false);
            return $"Appended {FileSizeText.Format(Encoding.UTF8.GetByteCount(text ?? string.Empty))} to '{entry.Path}' (now {FileSizeText.Format(entry.Size)}).";
        });

    public Task<string> DeleteFileAsync(
        string path,
        CancellationToken cancellationToken = default) =>
        RunAsync("delete", path, async () =>
        {
            var entry = await store.StatAsync(projectId, path, cancellationToken).ConfigureAwait(false);
            var deleted = await store.DeleteAsync(projectId, path, cancellationToken).ConfigureAwait(false);
            return !deleted ? $"Nothing to delete at '{ProjectPathText(path)}'."
                : entry is { IsDirectory: true } ? $"Deleted the folder '{entry.Path}' and everything in it."
                : $"Deleted '{entry?.Path ?? ProjectPathText(path)}'.";
        });

    public Task<string> MoveFileAsync(
        string source,
        string destination,
        bool overwrite = false,
        CancellationToken cancellationToken = default) =>
        RunAsync("move", source, async () =>
        {
            var entry = await store.MoveAsync(projectId, source, destination, overwrite, cancellationToken).ConfigureAwait(false);
            return $"Moved '{ProjectPathText(source)}' to '{entry.Path}'.";
        });

    public Task<string> SearchFilesAsync(
        string query,
        string path = "",
        CancellationToken cancellationToken = default) =>
        RunAsync("search", path, async () =>
        {
            if (string.IsNullOrWhiteSpace(query))
            {
                return "Give a non-empty query to search for.";
            }

            var result = await store.SearchAsync(projectId, query, path ?? string.Empty, cancellationToken).ConfigureAwait(false);
            if (result.Hits.Count == 0)
            {
                return $"No file name or line contains '{query.Trim()}'.";
            }

            var text = new StringBuilder(256).Append(result.Hits.Count).Append(result.Truncated ? "+" : string.Empty)
                .Append(" matches for '").Append(query.Trim()).AppendLine("':");
            foreach (var hit in result.Hits)
            {
                text.AppendLine(hit.Line is { } line ? $"{hit.Path}:{line}: {hit.Text}" : $"{hit.Path} (name)");
            }

            if (result.Truncated)
            {
                text.Append("[Stopped at ").Append(result.Hits.Count).AppendLine(" matches; narrow the query or the folder.]");
            }

            return text.ToString().TrimEnd();
        });

    public Task<string> FileInfoAsync(
        string path,
        CancellationToken cancellationToken = default) =>
        RunAsync("info", path, async () =>
        {
            var entry = await store.StatAsync(projectId, path ?? string.Empty, cancellationToken).ConfigureAwait(false);
            return entry is null ? $"Nothing at '{ProjectPathText(path)}'." : FileToolText.Describe(entry);
        });

    // One place turns the store's refusals into the text the model reads; anything else unexpected is logged and summarized.
    private async Task<string> RunAsync(string operation, string? path, Func<Task<string>> tool)
    {
        try
        {
            return await tool().ConfigureAwait(false);
        }
        catch (FileStoreException refused)
        {
            return refused.Message;
        }
        catch (ArgumentException invalid)
        {
            return $"Invalid argument: {invalid.Message}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The message of an IOException names physical paths on the server: the model gets the kind only.
            Log.ToolFailed(logger, operation, projectId, exception.GetType().Name);
            return $"The file system could not {operation} '{ProjectPathText(path)}' ({exception.GetType().Name}). Try again or use another path.";
        }
    }

    private static string ProjectPathText(string? path) => FileToolText.Quote(path);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "File tool {Operation} failed in project {ProjectId}: {ErrorType}")]
        public static partial void ToolFailed(ILogger logger, string operation, string projectId, string errorType);
    }
}
