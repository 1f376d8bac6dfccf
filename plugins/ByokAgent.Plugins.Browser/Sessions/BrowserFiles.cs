using System.Globalization;
using System.Text;
using ByokAgent.Files;

namespace ByokAgent.Plugins.Browser.Sessions;

/// <summary>Saves what the browser produces (screenshots, downloads) as files of the session's project.</summary>
internal sealed class BrowserFiles(IFileStore store, string projectId)
{
    /// <summary>Folder of screenshots in the project.</summary>
    public const string ScreenshotFolder = "browser/screenshots";

    /// <summary>Folder of downloads in the project.</summary>
    public const string DownloadFolder = "browser/downloads";

    private const int MaxNameLength = 100;

    /// <summary>Saves <paramref name="content"/> as <c>folder/name</c>, numbering the name (<c>report (2).csv</c>) rather than replacing a file.</summary>
    public async Task<FileEntry> SaveAsync(string folder, string suggestedName, Stream content, CancellationToken cancellationToken)
    {
        var name = SafeName(suggestedName);
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        var path = $"{folder}/{name}";
        for (var copy = 2; copy < 1000 && await store.StatAsync(projectId, path, cancellationToken).ConfigureAwait(false) is not null; copy++)
        {
            path = string.Create(CultureInfo.InvariantCulture, $"{folder}/{stem} ({copy}){extension}");
        }

        return await store.WriteAsync(projectId, path, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A file name from what a web server suggested: its last segment, with only letters, digits, spaces and
    /// <c>._-()</c>, no leading dot, at most 100 characters (the extension kept). The store checks paths again.
    /// </summary>
    public static string SafeName(string? suggested)
    {
        var last = (suggested ?? string.Empty).Replace('\\', '/').Split('/')[^1];
        var safe = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            safe.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' or '(' or ')' ? c : '_');
        }

        var name = safe.ToString().Trim().TrimStart('.').Trim();
        if (name.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length > 10 ? string.Empty : extension;
            name = string.Concat(name.AsSpan(0, MaxNameLength - extension.Length), extension);
        }

        return name.Length == 0 || name.Trim('_').Length == 0 ? "download" : name;
    }

    /// <summary>A size for people and models: <c>512 B</c>, <c>1.2 KB</c>, <c>3.4 MB</c>.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };
}
