using ByokAgent.Files;
using ByokAgent.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ByokAgent.Plugins.Files.Tests.TestSupport;

/// <summary>
/// A real <see cref="LocalFileStore"/> over a temporary data directory, with neighbours worth protecting: a folder
/// outside the data directory, a file in the data directory itself, and another project's files.
/// </summary>
internal sealed class FileStoreSandbox : IDisposable
{
    public const string ProjectId = "prj_0195a1b2c3d4e5f60718293a4b5c6d7e";
    public const string OtherProjectId = "prj_0195ffffffffffffffffffffffffffff";
    public const string OutsideSecret = "outside secret";

    private FileStoreSandbox(string basePath, FileStoreOptions options)
    {
        BasePath = basePath;
        DataDirectory = Path.Combine(basePath, "data");
        Options = options;
        Store = new LocalFileStore(
            Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Options.Options.Create(new StorageOptions { DataDirectory = DataDirectory }),
            NullLogger<LocalFileStore>.Instance);
    }

    /// <summary>The temporary folder holding everything (removed on dispose).</summary>
    public string BasePath { get; }

    public string DataDirectory { get; }

    public FileStoreOptions Options { get; }

    public LocalFileStore Store { get; }

    /// <summary>The project's files folder on disk.</summary>
    public string Root => ProjectRoot(ProjectId);

    /// <summary>A folder beside the data directory with a secret file in it.</summary>
    public string Outside => Path.Combine(BasePath, "outside");

    public static FileStoreSandbox Create(Action<FileStoreOptions>? configure = null)
    {
        var options = new FileStoreOptions();
        configure?.Invoke(options);
        var sandbox = new FileStoreSandbox(Directory.CreateTempSubdirectory("byok-files-").FullName, options);
        Directory.CreateDirectory(Path.Combine(sandbox.Outside, "dir"));
        File.WriteAllText(Path.Combine(sandbox.Outside, "secret.txt"), OutsideSecret);
        File.WriteAllText(Path.Combine(sandbox.Outside, "dir", "inner.txt"), OutsideSecret);
        Directory.CreateDirectory(sandbox.DataDirectory);
        File.WriteAllText(Path.Combine(sandbox.DataDirectory, "byok.db"), "not a database");
        Directory.CreateDirectory(sandbox.ProjectRoot(OtherProjectId));
        File.WriteAllText(Path.Combine(sandbox.ProjectRoot(OtherProjectId), "secret.txt"), "other project's secret");
        Directory.CreateDirectory(sandbox.Root);
        return sandbox;
    }

    public string ProjectRoot(string projectId) => Path.Combine(DataDirectory, "projects", projectId, "files");

    /// <summary>Where a project path is on disk.</summary>
    public string InRoot(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Every file and folder outside the project's root, with size, time and content: compare two to prove nothing changed.</summary>
    public IReadOnlyDictionary<string, string> SnapshotOutsideRoot() => DirectorySnapshot.Take(BasePath, exclude: Root);

    public async Task WriteTextAsync(string path, string text, string projectId = ProjectId)
    {
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await Store.WriteAsync(projectId, path, content);
    }

    public void Dispose() => Directory.Delete(BasePath, recursive: true);
}
