namespace ByokAgent.Files;

/// <summary>An entry met while walking: its relative path and what is on disk (a link's target, for a link).</summary>
internal sealed record WalkedEntry(string RelativePath, FileSystemInfo Info, bool IsDirectory, bool IsLink);
