using System.Security.Cryptography;

namespace ByokAgent.Plugins.Files.Tests.TestSupport;

/// <summary>A folder's state, entry by entry, for before/after comparisons; links are recorded, never followed.</summary>
internal static class DirectorySnapshot
{
    public static IReadOnlyDictionary<string, string> Take(string folder, string? exclude = null)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(new DirectoryInfo(folder), folder, exclude is null ? null : Path.GetFullPath(exclude), snapshot);
        return snapshot;
    }

    private static void Walk(DirectoryInfo directory, string basePath, string? exclude, SortedDictionary<string, string> snapshot)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            if (exclude is not null && string.Equals(entry.FullName, exclude, StringComparison.Ordinal))
            {
                continue;
            }

            var key = Path.GetRelativePath(basePath, entry.FullName);
            if (entry.LinkTarget is { } target)
            {
                snapshot[key] = $"link -> {target}";
            }
            else if (entry is DirectoryInfo child)
            {
                snapshot[key] = "folder"; // No time: making and removing an entry touches it, and entries are compared one by one.
                Walk(child, basePath, exclude, snapshot);
            }
            else
            {
                var bytes = File.ReadAllBytes(entry.FullName);
                snapshot[key] = $"file {bytes.Length} {entry.LastWriteTimeUtc:O} {Convert.ToHexString(SHA256.HashData(bytes))}";
            }
        }
    }
}
