namespace ByokAgent.Files;

/// <summary>What a search found, and whether it stopped at its bound.</summary>
public sealed record FileSearchResult(IReadOnlyList<FileSearchHit> Hits, bool Truncated);

/// <summary>One match: a file whose name matched (<see cref="Line"/> null) or a line of its text.</summary>
public sealed record FileSearchHit(string Path, int? Line, string? Text);
