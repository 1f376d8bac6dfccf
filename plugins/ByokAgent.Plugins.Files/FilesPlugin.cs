using System.ComponentModel;
using System.Text;
using ByokAgent.Files;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace ByokAgent.Plugins.Files;

/// <summary>The file tools of one session: its project's files through <see cref="IFileStore"/>.</summary>
/// <remarks>
/// Results are short text written for the model. Refusals and failures are returned as text, never thrown: the model
/// reads why (a path outside the project, a quota) and can correct itself in the same turn.
/// </remarks>
internal sealed partial class FilesPlugin(IFileStore store, string projectId, FileStoreOptions options, ILogger<FilesPlugin> logger)
{
    private const string PathHelp = "Path relative to the project's files, with / between folders, e.g. notes/todo.md.";

    [KernelFunction("list_files")]
    [Description("Lists the files and folders in the project's file storage, with type, size and modification time. Recursive lists everything below the folder (bounded).")]
    public Task<string> ListFilesAsync(
        [Description("Folder to list, relative to the project's files; empty for the top folder.")] string path = "",
        [Description("Whether to list everything below the folder, not only its direct entries.")] bool recursive = false,
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

    [KernelFunction("read_file")]
    [Description("Reads a text file from the project's file storage. Long files come in slices: the result says which offset to pass to read the next one. Binary files (images, PDFs) are described instead.")]
    public Task<string> ReadFileAsync(
        [Description(PathHelp)] string path,
        [Description("Character offset to start at; 0 for the beginning.")] long offset = 0,
        [Description("Most characters to return; empty for the store's maximum.")] int? maxChars = null,
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

    [KernelFunction("write_file")]
    [Description("Creates a text file in the project's file storage, or replaces its whole content. Missing folders are created.")]
    public Task<string> WriteFileAsync(
        [Description(PathHelp)] string path,
        [Description("The file's complete new content.")] string content,
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

    [KernelFunction("append_file")]
    [Description("Adds text at the end of a file in the project's file storage, creating it when missing. Include the line breaks you want (e.g. end with \\n).")]
    public Task<string> AppendFileAsync(
        [Description(PathHelp)] string path,
        [Description("The text to add at the end.")] string text,
        CancellationToken cancellationToken = default) =>
        RunAsync("append", path, async () =>
        {
            var entry = await store.AppendTextAsync(projectId, path, text ?? string.Empty, cancellationToken).ConfigureAwait(false);
            return $"Appended {FileSizeText.Format(Encoding.UTF8.GetByteCount(text ?? string.Empty))} to '{entry.Path}' (now {FileSizeText.Format(entry.Size)}).";
        });

    [KernelFunction("delete_file")]
    [Description("Deletes a file, or a folder with everything in it, from the project's file storage.")]
    public Task<string> DeleteFileAsync(
        [Description(PathHelp)] string path,
        CancellationToken cancellationToken = default) =>
        RunAsync("delete", path, async () =>
        {
            var entry = await store.StatAsync(projectId, path, cancellationToken).ConfigureAwait(false);
            var deleted = await store.DeleteAsync(projectId, path, cancellationToken).ConfigureAwait(false);
            return !deleted ? $"Nothing to delete at '{ProjectPathText(path)}'."
                : entry is { IsDirectory: true } ? $"Deleted the folder '{entry.Path}' and everything in it."
                : $"Deleted '{entry?.Path ?? ProjectPathText(path)}'.";
        });

    [KernelFunction("move_file")]
    [Description("Moves or renames a file or folder in the project's file storage. Missing destination folders are created.")]
    public Task<string> MoveFileAsync(
        [Description("The current path, relative to the project's files.")] string source,
        [Description("The new path, relative to the project's files.")] string destination,
        [Description("Whether to replace a file already at the destination.")] bool overwrite = false,
        CancellationToken cancellationToken = default) =>
        RunAsync("move", source, async () =>
        {
            var entry = await store.MoveAsync(projectId, source, destination, overwrite, cancellationToken).ConfigureAwait(false);
            return $"Moved '{ProjectPathText(source)}' to '{entry.Path}'.";
        });

    [KernelFunction("search_files")]
    [Description("Finds files in the project's file storage whose name or text contains the query (case-insensitive). Returns path:line: text for each matching line.")]
    public Task<string> SearchFilesAsync(
        [Description("The text to look for.")] string query,
        [Description("Folder to search in, relative to the project's files; empty for all files.")] string path = "",
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

    [KernelFunction("file_info")]
    [Description("Tells whether a file or folder exists in the project's file storage, with its type, size and modification time.")]
    public Task<string> FileInfoAsync(
        [Description(PathHelp)] string path,
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
