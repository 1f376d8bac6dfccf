namespace ByokAgent.Files;

public sealed partial class LocalFileStore
{
    /// <inheritdoc />
    /// <remarks>A symbolic link is moved as the link itself. Overwriting replaces a file; a folder in the way is never replaced.</remarks>
    public Task<FileEntry> MoveAsync(string projectId, string source, string destination, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (_, from) = Resolve(projectId, source, "move");
        var (_, to) = Resolve(projectId, destination, "move");
        if (from.RelativePath.Length == 0 || to.RelativePath.Length == 0)
        {
            throw new FileKindException("The project's root folder cannot be moved, nor anything moved onto it.");
        }

        if (!Path.Exists(from.EntryPath))
        {
            throw new FileNotFoundInProjectException(from.RelativePath);
        }

        if (string.Equals(from.EntryPath, to.EntryPath, StringComparison.Ordinal))
        {
            return Task.FromResult(FileEntries.At(to)!);
        }

        var isFolder = Directory.Exists(from.EntryPath) && new DirectoryInfo(from.EntryPath).LinkTarget is null;
        if (isFolder && PhysicalPaths.IsSameOrInside(to.EntryPath, from.EntryPath))
        {
            throw new FileKindException($"'{from.RelativePath}' cannot be moved into itself.");
        }

        if (Path.Exists(to.EntryPath))
        {
            if (!overwrite)
            {
                throw new FileConflictException(to.RelativePath);
            }

            if (Directory.Exists(to.EntryPath) && new DirectoryInfo(to.EntryPath).LinkTarget is null)
            {
                throw new FileKindException($"'{to.RelativePath}' is a folder; overwriting replaces files only. Move into it with '{to.RelativePath}/name'.");
            }
        }

        CreateFolderOf(to with { FullPath = to.EntryPath });
        if (isFolder)
        {
            // Checked above that nothing (or only a file, when overwriting) is there: Directory.Move never merges.
            if (overwrite && Path.Exists(to.EntryPath))
            {
                File.Delete(to.EntryPath);
            }

            Directory.Move(from.EntryPath, to.EntryPath);
        }
        else
        {
            File.Move(from.EntryPath, to.EntryPath, overwrite);
        }

        return Task.FromResult(FileEntries.At(to) ?? throw new FileNotFoundInProjectException(to.RelativePath));
    }

    /// <inheritdoc />
    /// <remarks>A symbolic link is deleted as the link itself, never what it points to; a folder's links inside it likewise.</remarks>
    public Task<bool> DeleteAsync(string projectId, string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (_, target) = Resolve(projectId, path, "delete");
        if (target.RelativePath.Length == 0)
        {
            throw new FileKindException("The project's root folder cannot be deleted; delete what is in it.");
        }

        if (new FileInfo(target.EntryPath).LinkTarget is not null || File.Exists(target.EntryPath))
        {
            File.Delete(target.EntryPath);
            return Task.FromResult(true);
        }

        if (Directory.Exists(target.EntryPath))
        {
            // .NET removes links inside the folder without following them, so nothing outside the root is touched.
            Directory.Delete(target.EntryPath, recursive: true);
            return Task.FromResult(true);
        }

        return Task.FromResult(false);
    }
}
