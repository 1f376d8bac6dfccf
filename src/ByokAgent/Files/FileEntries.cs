namespace ByokAgent.Files;

/// <summary>Builds <see cref="FileEntry"/> values from what is on disk.</summary>
internal static class FileEntries
{
    // Enough bytes to tell text from binary for a listing; reads look further (ContentTypes.SniffLength).
    private const int ListingSniffLength = 1024;

    /// <summary>The entry of a file or folder at <paramref name="relativePath"/>; a file's type by its name, else by its first bytes.</summary>
    public static FileEntry From(string relativePath, FileSystemInfo info) =>
        info is DirectoryInfo
            ? new FileEntry(relativePath, IsDirectory: true, Size: 0, ModifiedAt(info), ContentType: null)
            : new FileEntry(relativePath, IsDirectory: false, ((FileInfo)info).Length, ModifiedAt(info), ContentTypeOf(relativePath, info.FullName));

    /// <summary>The entry at a resolved path, or <see langword="null"/> when nothing is there.</summary>
    public static FileEntry? At(ResolvedPath path) =>
        Directory.Exists(path.FullPath) ? From(path.RelativePath, new DirectoryInfo(path.FullPath))
        : File.Exists(path.FullPath) ? From(path.RelativePath, new FileInfo(path.FullPath))
        : null;

    private static string ContentTypeOf(string relativePath, string fullPath) =>
        ContentTypes.FromName(ProjectPaths.NameOf(relativePath)) ?? Sniff(fullPath);

    private static string Sniff(string fullPath)
    {
        Span<byte> head = stackalloc byte[ListingSniffLength];
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            return ContentTypes.FromContent(head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable between listing and looking: nothing says it is text, so it is not offered as text.
            return ContentTypes.Binary;
        }
    }

    private static DateTimeOffset ModifiedAt(FileSystemInfo info) => new(info.LastWriteTimeUtc, TimeSpan.Zero);
}
