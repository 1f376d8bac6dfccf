namespace ByokAgent.Files;

/// <summary>A file or folder in a project's store.</summary>
/// <param name="Path">Relative to the project root, with <c>/</c> separators.</param>
/// <param name="IsDirectory">Whether it is a folder.</param>
/// <param name="Size">Bytes (0 for a folder).</param>
/// <param name="ModifiedAt">Last write time.</param>
/// <param name="ContentType">The detected media type (<c>text/markdown</c>, <c>image/png</c>…); <see langword="null"/> for a folder.</param>
public sealed record FileEntry(string Path, bool IsDirectory, long Size, DateTimeOffset ModifiedAt, string? ContentType);
