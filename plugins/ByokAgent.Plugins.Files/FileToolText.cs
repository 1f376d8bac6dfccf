using System.Globalization;
using ByokAgent.Files;

namespace ByokAgent.Plugins.Files;

/// <summary>How the file tools show entries to the model: one short line each.</summary>
internal static class FileToolText
{
    private const int MaxQuotedLength = 120;

    /// <summary><c>notes/todo.md  (text/markdown, 42 B, modified 2026-01-02 10:00 UTC)</c>, or <c>notes/  (folder, …)</c>.</summary>
    public static string Describe(FileEntry entry) =>
        entry.IsDirectory
            ? $"{(entry.Path.Length == 0 ? "(project root)" : entry.Path)}/  ({Details(entry)})"
            : $"{entry.Path}  ({Details(entry)})";

    /// <summary>Type, size and modification time: <c>text/markdown, 42 B, modified 2026-01-02 10:00 UTC</c>.</summary>
    public static string Details(FileEntry entry) =>
        entry.IsDirectory
            ? $"folder, modified {Time(entry.ModifiedAt)}"
            : $"{entry.ContentType}, {FileSizeText.Format(entry.Size)}, modified {Time(entry.ModifiedAt)}";

    /// <summary>Where a client downloads the file: the prefix and the path with each name URL-escaped.</summary>
    public static string DownloadPath(string prefix, string path) =>
        prefix.TrimEnd('/') + "/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>A path the caller gave, safe to echo: trimmed, control characters as <c>?</c>, long ones shortened.</summary>
    public static string Quote(string? path)
    {
        var shown = new string([.. (path ?? string.Empty).Trim().Select(c => char.IsControl(c) ? '?' : c)]);
        return shown.Length <= MaxQuotedLength ? shown : string.Concat(shown.AsSpan(0, MaxQuotedLength), "…");
    }

    private static string Time(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
