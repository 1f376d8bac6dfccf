using System.Buffers;
using System.Text;

namespace ByokAgent.Files;

public sealed partial class LocalFileStore
{
    private const int WriteBufferSize = 80 * 1024;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc />
    public async Task<FileEntry> WriteAsync(string projectId, string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (root, target) = Resolve(projectId, path, "write");
        RequireWritableFile(target);
        if (content.CanSeek && content.Length - content.Position > _options.MaxFileBytes)
        {
            throw FileTooLarge(projectId, target.RelativePath, content.Length - content.Position);
        }

        var createdFolder = CreateFolderOf(target);
        var temp = TempPathBeside(target.FullPath);
        try
        {
            long written;
            var stream = CreateTemp(temp);
            await using (stream.ConfigureAwait(false))
            {
                written = await CopyBoundedAsync(content, stream, projectId, target.RelativePath, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

                // On disk before the rename: a crash just after it must not leave an empty file in the old one's place.
                stream.Flush(flushToDisk: true);
            }

            var gate = GateOf(root.ProjectId);
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                EnsureProjectQuota(root, target, written);
                File.Move(temp, target.FullPath, overwrite: true);
            }
            finally
            {
                gate.Release();
            }
        }
        catch
        {
            DeleteTemp(projectId, temp);
            RemoveCreatedFolders(target, createdFolder);
            throw;
        }

        Log.FileWritten(_logger, projectId, new FileInfo(target.FullPath).Length);
        return FileEntries.At(target)!;
    }

    /// <inheritdoc />
    /// <remarks>Atomic like <see cref="WriteAsync"/> (the file is copied, extended and renamed into place); appends to one project run one at a time, so none is lost.</remarks>
    public async Task<FileEntry> AppendTextAsync(string projectId, string path, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (root, target) = Resolve(projectId, path, "append");
        RequireWritableFile(target);
        var added = Utf8NoBom.GetBytes(text);

        var gate = GateOf(root.ProjectId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = new FileInfo(target.FullPath);
            var size = (existing.Exists ? existing.Length : 0) + added.Length;
            if (size > _options.MaxFileBytes)
            {
                throw FileTooLarge(projectId, target.RelativePath, size);
            }

            EnsureProjectQuota(root, target, size);
            var createdFolder = CreateFolderOf(target);
            var temp = TempPathBeside(target.FullPath);
            try
            {
                var stream = CreateTemp(temp);
                await using (stream.ConfigureAwait(false))
                {
                    if (existing.Exists)
                    {
                        var current = OpenShared(existing.FullName);
                        await using (current.ConfigureAwait(false))
                        {
                            await current.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    await stream.WriteAsync(added, cancellationToken).ConfigureAwait(false);
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, target.FullPath, overwrite: true);
            }
            catch
            {
                DeleteTemp(projectId, temp);
                RemoveCreatedFolders(target, createdFolder);
                throw;
            }
        }
        finally
        {
            gate.Release();
        }

        Log.FileWritten(_logger, projectId, added.Length);
        return FileEntries.At(target)!;
    }

    private static void RequireWritableFile(ResolvedPath target)
    {
        if (target.RelativePath.Length == 0)
        {
            throw new FileKindException("The project's root is a folder; give a file path like notes/todo.md.");
        }

        if (Directory.Exists(target.FullPath))
        {
            throw new FileKindException($"'{target.RelativePath}' is a folder; give a file path inside it.");
        }
    }

    // Missing folders are created (the project's root too, on its first write); a file standing where a folder of the
    // path should be is named in the error. Returns the highest folder created, for RemoveCreatedFolders.
    private static string? CreateFolderOf(ResolvedPath target)
    {
        var folder = Path.GetDirectoryName(target.FullPath)!;
        string? highestMissing = null;
        for (var ancestor = folder; ancestor is not null && !Path.Exists(ancestor); ancestor = Path.GetDirectoryName(ancestor))
        {
            highestMissing = ancestor;
        }

        try
        {
            Directory.CreateDirectory(folder);
            return highestMissing;
        }
        catch (IOException) when (FirstFileOnTheWay(target.FullPath) is not null)
        {
            throw new FileKindException($"'{ProjectPaths.ParentOf(target.RelativePath)}' cannot be a folder: a file is in the way on that path.");
        }
    }

    // A refused write leaves nothing behind, not even the folders made for it; a folder another writer has filled
    // meanwhile is not empty, so it stays. (A writer that found the folder made but has not yet created its temporary
    // file may see it vanish and fail with an IOException; rare, and retrying succeeds.)
    private static void RemoveCreatedFolders(ResolvedPath target, string? highestCreated)
    {
        if (highestCreated is null)
        {
            return;
        }

        for (var folder = Path.GetDirectoryName(target.FullPath); folder is not null && folder.Length >= highestCreated.Length; folder = Path.GetDirectoryName(folder))
        {
            try
            {
                Directory.Delete(folder, recursive: false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static string? FirstFileOnTheWay(string fullPath)
    {
        for (var folder = Path.GetDirectoryName(fullPath); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder))
            {
                return folder;
            }
        }

        return null;
    }

    // Beside the target, so the rename stays on one file system and is atomic; the suffix hides it from listings.
    private static string TempPathBeside(string fullPath) =>
        Path.Join(Path.GetDirectoryName(fullPath), $".{Guid.NewGuid():N}{ProjectPaths.TempSuffix}");

    private static FileStream CreateTemp(string temp) =>
        new(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, WriteBufferSize, FileOptions.Asynchronous);

    private async Task<long> CopyBoundedAsync(Stream content, Stream destination, string projectId, string relativePath, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(WriteBufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, WriteBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > _options.MaxFileBytes)
                {
                    throw FileTooLarge(projectId, relativePath, total, atLeast: true);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Called inside the project's gate: the usage it counts cannot change under it from this process.
    private void EnsureProjectQuota(ProjectFileRoot root, ResolvedPath target, long newSize)
    {
        var replaced = File.Exists(target.FullPath) ? new FileInfo(target.FullPath).Length : 0;
        var after = ProjectUsage(root) - replaced + newSize;
        if (after > _options.MaxProjectBytes)
        {
            Log.QuotaExceeded(_logger, root.ProjectId, "project");
            throw new FileQuotaExceededException(
                $"Writing '{target.RelativePath}' would bring the project's files to {FileSizeText.Format(after)}, over the project's limit of " +
                $"{FileSizeText.Format(_options.MaxProjectBytes)}. Nothing was changed; delete files to make room.");
        }
    }

    // Counted on each write rather than cached: files may also change by other processes sharing the disk.
    private static long ProjectUsage(ProjectFileRoot root) =>
        !root.Exists ? 0 : FileTreeWalker.Walk(root, new ResolvedPath(string.Empty, root.FullPath, root.FullPath), recursive: true, CancellationToken.None)
            .Where(entry => !entry.IsLink && !entry.IsDirectory)
            .Sum(entry => ((FileInfo)entry.Info).Length);

    private FileQuotaExceededException FileTooLarge(string projectId, string relativePath, long size, bool atLeast = false)
    {
        Log.QuotaExceeded(_logger, projectId, "file");
        var limit = FileSizeText.Format(_options.MaxFileBytes);
        return new FileQuotaExceededException(atLeast
            ? $"'{relativePath}' would be larger than the limit of {limit} per file. Nothing was changed."
            : $"'{relativePath}' would be {FileSizeText.Format(size)}, over the limit of {limit} per file. Nothing was changed.");
    }

    private void DeleteTemp(string projectId, string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.TempCleanupFailed(_logger, projectId, exception.GetType().Name);
        }
    }
}
