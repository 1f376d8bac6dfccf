using System.Text;
using System.Text.RegularExpressions;

namespace ByokAgent.Files;

/// <summary>
/// Turns a path from a caller (the model, an HTTP request, the REPL) into a clean relative path, or refuses it with a
/// message the caller can act on.
/// </summary>
/// <remarks>
/// This is the lexical half of the confinement: it refuses everything that could name a place outside the project
/// before the disk is touched. Symbolic links are the physical half (<see cref="PhysicalPaths"/>).
/// </remarks>
internal static partial class ProjectPaths
{
    /// <summary>The longest relative path accepted, in characters.</summary>
    public const int MaxPathLength = 1024;

    /// <summary>The longest name of one file or folder, in UTF-8 bytes (the limit of Linux and most file systems).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The suffix of the store's own in-flight temporary files: hidden from listings and refused as a name.</summary>
    public const string TempSuffix = ".byok-tmp";

    private const int MaxQuotedLength = 120;

    private static readonly char[] InvalidNameChars = Path.GetInvalidFileNameChars();

    /// <summary>
    /// The path relative to the project's root with <c>/</c> separators, in Unicode normalization form C, without empty
    /// or <c>.</c> segments; the empty string is the root.
    /// </summary>
    /// <exception cref="FilePathException">The path could leave the root or is not a valid name.</exception>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        // Models pad arguments with spaces and newlines; a name that truly starts or ends with blanks is not worth that confusion.
        var trimmed = path.Trim();
        if (trimmed.Contains('\0', StringComparison.Ordinal))
        {
            throw Refused(path, "it contains a NUL character");
        }

        if (trimmed.Any(char.IsControl))
        {
            throw Refused(path, "it contains a control character");
        }

        if (trimmed.Contains('\\', StringComparison.Ordinal))
        {
            throw Refused(path, "it contains a backslash; separate folders with /");
        }

        // Names are taken as written: a %2e%2e or %2f that some layer would decode later must never reach the disk.
        if (PercentEscape().IsMatch(trimmed))
        {
            throw Refused(path, "it contains a percent-encoded character (%xx); write names as they are");
        }

        if (trimmed.StartsWith('/'))
        {
            throw Refused(path, "it is absolute; give a path relative to the project's files, like notes/todo.md");
        }

        if (DriveLetter().IsMatch(trimmed))
        {
            throw Refused(path, "it starts with a drive letter; give a path relative to the project's files, like notes/todo.md");
        }

        string normalized;
        try
        {
            // One spelling per name: "é" typed precomposed or as e + accent must reach the same file.
            normalized = trimmed.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            throw Refused(path, "it is not valid Unicode");
        }

        var segments = new List<string>();
        foreach (var segment in normalized.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                throw Refused(path, "it goes up with '..'; paths stay inside the project's files");
            }

            if (segment.IndexOfAny(InvalidNameChars) >= 0)
            {
                throw Refused(path, "it contains a character not allowed in file names");
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxNameBytes)
            {
                throw Refused(path, $"the name '{Quote(segment)}' is longer than {MaxNameBytes} bytes");
            }

            if (segment.EndsWith(TempSuffix, StringComparison.OrdinalIgnoreCase))
            {
                throw Refused(path, $"names ending in {TempSuffix} are reserved for the store's temporary files");
            }

            segments.Add(segment);
        }

        var result = string.Join('/', segments);
        return result.Length <= MaxPathLength ? result : throw Refused(path, $"it is longer than {MaxPathLength} characters");
    }

    /// <summary>The path's last name (the file or folder name).</summary>
    public static string NameOf(string relativePath) =>
        relativePath[(relativePath.LastIndexOf('/') + 1)..];

    /// <summary>The folder part of a relative path (empty for the root's entries).</summary>
    public static string ParentOf(string relativePath) =>
        relativePath.LastIndexOf('/') is var slash and >= 0 ? relativePath[..slash] : string.Empty;

    /// <summary>A child's relative path.</summary>
    public static string Join(string parent, string name) =>
        parent.Length == 0 ? name : $"{parent}/{name}";

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    public static bool IsSameOrInside(string path, string folder) =>
        folder.Length == 0
        || string.Equals(path, folder, StringComparison.Ordinal)
        || (path.Length > folder.Length && path[folder.Length] == '/' && path.StartsWith(folder, StringComparison.Ordinal));

    /// <summary>A path made safe to echo in a message: control characters shown as <c>?</c>, long paths shortened.</summary>
    public static string Quote(string path)
    {
        var shown = new string([.. path.Select(c => char.IsControl(c) ? '?' : c)]);
        return shown.Length <= MaxQuotedLength ? shown : string.Concat(shown.AsSpan(0, MaxQuotedLength), "…");
    }

    private static FilePathException Refused(string path, string reason) =>
        new($"The path '{Quote(path)}' is refused: {reason}.");

    [GeneratedRegex("%[0-9A-Fa-f]{2}")]
    private static partial Regex PercentEscape();

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}
