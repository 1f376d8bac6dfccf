namespace ByokAgent.Files;

/// <summary>A caller's path, checked and placed.</summary>
/// <param name="RelativePath">Normalized, relative to the root, with <c>/</c> separators (empty for the root).</param>
/// <param name="FullPath">The physical place, every link followed (what reads and writes use).</param>
/// <param name="EntryPath">The place of the name itself, its folder resolved but a final link not followed (what deletes and moves use, so they act on the link, never on what it points to).</param>
internal sealed record ResolvedPath(string RelativePath, string FullPath, string EntryPath);
