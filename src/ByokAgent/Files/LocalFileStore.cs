using System.Collections.Concurrent;
using ByokAgent.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ByokAgent.Files;

/// <summary>
/// Projects' files on the local disk: <c>&lt;data directory&gt;/projects/&lt;projectId&gt;/files/</c> (or under
/// <see cref="FileStoreOptions.RootDirectory"/>).
/// </summary>
/// <remarks>
/// <para>Thread-safe; register as a singleton (<c>AddByokAgent</c> does). Writes go to a temporary file beside the
/// target and are renamed into place, so readers see the old file or the new one, never a mix; of concurrent writers
/// to one file, the last rename wins whole.</para>
/// <para>The quota check and the rename of writes and appends to one project run one at a time in this process, so
/// concurrent writers cannot together pass the project quota. Several processes sharing one disk are not coordinated:
/// each checks on its own, so they may overshoot it by their in-flight writes.</para>
/// </remarks>
public sealed partial class LocalFileStore : IFileStore
{
    // Every project has a root folder; before the first write it exists only as this.
    private static readonly FileEntry UnwrittenRootEntry = new(string.Empty, IsDirectory: true, Size: 0, DateTimeOffset.UnixEpoch, ContentType: null);

    private readonly FileStoreOptions _options;
    private readonly string _projectsDirectory;
    private readonly ILogger<LocalFileStore> _logger;

    // One gate per project for quota-checked changes; a few bytes per project that ever wrote, kept for the process.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _projectGates = new(StringComparer.Ordinal);

    /// <summary>A store under <see cref="FileStoreOptions.ResolveRootDirectory"/> of the runtime's data directory.</summary>
    public LocalFileStore(IOptions<FileStoreOptions> options, IOptions<StorageOptions> storage, ILogger<LocalFileStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _projectsDirectory = _options.ResolveRootDirectory(storage.Value.ResolveDataDirectory());
        _logger = logger;
    }

    /// <inheritdoc />
    public Task<FileListing> ListAsync(string projectId, string path = "", bool recursive = false, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (root, folder) = Resolve(projectId, path, "list");
        if (IsUnwrittenRoot(root, folder))
        {
            return Task.FromResult(new FileListing([], Truncated: false));
        }

        RequireFolder(folder);

        var entries = new List<FileEntry>();
        var truncated = false;
        foreach (var walked in FileTreeWalker.Walk(root, folder, recursive, cancellationToken))
        {
            if (entries.Count == _options.MaxListEntries)
            {
                truncated = true;
                break;
            }

            entries.Add(FileEntries.From(walked.RelativePath, walked.Info));
        }

        return Task.FromResult(new FileListing(entries, truncated));
    }

    /// <inheritdoc />
    /// <remarks>The root (empty path) is always a folder; before the project's first write it is dated 1970-01-01.</remarks>
    public Task<FileEntry?> StatAsync(string projectId, string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (root, target) = Resolve(projectId, path, "stat");
        return Task.FromResult(IsUnwrittenRoot(root, target) ? UnwrittenRootEntry : FileEntries.At(target));
    }

    // Every operation starts here: the project's root, and the caller's path checked against it (refusals logged).
    public async Task<bool> DeleteProjectAsync(string projectId, CancellationToken cancellationToken = default)
    {
        var root = ProjectFileRoot.Open(_projectsDirectory, projectId);
        var gate = GateOf(projectId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The project's whole folder (<projects>/<id>), not only files/: nothing of a deleted project stays behind.
            // Directory.Delete removes links themselves, never what they point to.
            var projectFolder = Path.GetDirectoryName(root.FullPath)!;
            if (!Directory.Exists(projectFolder))
            {
                return false;
            }

            Directory.Delete(projectFolder, recursive: true);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private (ProjectFileRoot Root, ResolvedPath Path) Resolve(string projectId, string path, string operation)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var root = ProjectFileRoot.Open(_projectsDirectory, projectId);
            var resolved = root.Resolve(path);
            Log.Operation(_logger, operation, projectId, resolved.RelativePath);
            return (root, resolved);
        }
        catch (FilePathException)
        {
            Log.PathRefused(_logger, ProjectPaths.Quote(projectId ?? string.Empty), operation);
            throw;
        }
    }

    // The root is made by the first write, so that reads (and refused paths) never leave anything on disk.
    private static bool IsUnwrittenRoot(ProjectFileRoot root, ResolvedPath path) => path.RelativePath.Length == 0 && !root.Exists;

    private static void RequireFolder(ResolvedPath folder)
    {
        if (File.Exists(folder.FullPath))
        {
            throw new FileKindException($"'{folder.RelativePath}' is a file, not a folder.");
        }

        if (!Directory.Exists(folder.FullPath))
        {
            throw new FileNotFoundInProjectException(folder.RelativePath);
        }
    }

    private static FileInfo RequireFile(ResolvedPath file)
    {
        if (Directory.Exists(file.FullPath))
        {
            throw new FileKindException(file.RelativePath.Length == 0
                ? "The project's root is a folder, not a file."
                : $"'{file.RelativePath}' is a folder, not a file.");
        }

        var info = new FileInfo(file.FullPath);
        return info.Exists ? info : throw new FileNotFoundInProjectException(file.RelativePath);
    }

    private SemaphoreSlim GateOf(string projectId) => _projectGates.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
}
