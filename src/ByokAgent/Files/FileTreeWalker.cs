namespace ByokAgent.Files;

/// <summary>Walks a project folder depth-first in name order, seeing only what is inside the project.</summary>
/// <remarks>
/// Hand-written rather than <c>EnumerationOptions.RecurseSubdirectories</c>, which descends into linked folders, so a
/// link planted in a project would list (and count, and search) files outside it. Here a link is shown only when it
/// leads inside the root, as what it points to, and is never descended into (no loops, nothing seen twice). The store's
/// temporary files are hidden.
/// </remarks>
internal static class FileTreeWalker
{
    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
    };

    /// <summary>The entries under <paramref name="folder"/> (recursively or one level), parents before their children.</summary>
    public static IEnumerable<WalkedEntry> Walk(ProjectFileRoot root, ResolvedPath folder, bool recursive, CancellationToken cancellationToken)
    {
        var pending = new Stack<WalkedEntry>();
        PushChildren(root, pending, folder.FullPath, folder.RelativePath);
        while (pending.TryPop(out var entry))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
            if (recursive && entry.IsDirectory && !entry.IsLink)
            {
                PushChildren(root, pending, entry.Info.FullName, entry.RelativePath);
            }
        }
    }

    private static void PushChildren(ProjectFileRoot root, Stack<WalkedEntry> pending, string folder, string relativeFolder)
    {
        var children = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", OneLevel)
            .Where(child => !child.Name.EndsWith(ProjectPaths.TempSuffix, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(child => child.Name, StringComparer.Ordinal);
        foreach (var child in children)
        {
            if (Visible(root, folder, child, ProjectPaths.Join(relativeFolder, child.Name)) is { } entry)
            {
                pending.Push(entry);
            }
        }
    }

    private static WalkedEntry? Visible(ProjectFileRoot root, string folder, FileSystemInfo child, string relativePath)
    {
        if (child.LinkTarget is null)
        {
            return new WalkedEntry(relativePath, child, child is DirectoryInfo, IsLink: false);
        }

        string target;
        try
        {
            target = PhysicalPaths.ResolveUnder(folder, child.Name);
        }
        catch (FilePathException)
        {
            return null; // A link loop: nothing to show.
        }

        return !root.Contains(target) ? null
            : Directory.Exists(target) ? new WalkedEntry(relativePath, new DirectoryInfo(target), IsDirectory: true, IsLink: true)
            : File.Exists(target) ? new WalkedEntry(relativePath, new FileInfo(target), IsDirectory: false, IsLink: true)
            : null;
    }
}
