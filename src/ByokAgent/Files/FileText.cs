namespace ByokAgent.Files;

/// <summary>A slice of a text file.</summary>
/// <param name="Entry">The file.</param>
/// <param name="Text">The characters read.</param>
/// <param name="Offset">The character offset the slice starts at.</param>
/// <param name="NextOffset">Where the next slice starts, or <see langword="null"/> at the end of the file.</param>
public sealed record FileText(FileEntry Entry, string Text, long Offset, long? NextOffset);
