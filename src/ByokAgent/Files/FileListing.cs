namespace ByokAgent.Files;

/// <summary>The entries of a folder, and whether the listing stopped at its bound.</summary>
public sealed record FileListing(IReadOnlyList<FileEntry> Entries, bool Truncated);
