using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Files;

/// <summary>Limits and places of the projects' files, bound from <c>ByokAgent:Files</c>.</summary>
/// <remarks>
/// The quotas are checked before anything changes on disk: a refused write leaves the project exactly as it was.
/// Turning the file tools off is a plugin switch (<c>ByokAgent:Plugins:Disabled</c>), not a setting here.
/// </remarks>
public sealed class FileStoreOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Files";

    /// <summary>
    /// The folder holding every project's files (<c>&lt;root&gt;/&lt;projectId&gt;/files/</c>). Empty:
    /// <c>&lt;data directory&gt;/projects</c>.
    /// </summary>
    public string? RootDirectory { get; set; }

    /// <summary>The largest file a write or an append may produce, in bytes. Default 10 MiB.</summary>
    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "ByokAgent:Files:MaxFileBytes must be at least 1.")]
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>The most bytes one project's files may take together. Default 100 MiB.</summary>
    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "ByokAgent:Files:MaxProjectBytes must be at least 1.")]
    public long MaxProjectBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The most entries one listing returns (it says when it stopped there). Default 500.</summary>
    [Range(1, 100_000)]
    public int MaxListEntries { get; set; } = 500;

    /// <summary>The most matches one search returns (it says when it stopped there). Default 50.</summary>
    [Range(1, 10_000)]
    public int MaxSearchResults { get; set; } = 50;

    /// <summary>Files larger than this are matched by name only, never read whole by a search. Default 1 MiB.</summary>
    [Range(typeof(long), "0", "9223372036854775807", ErrorMessage = "ByokAgent:Files:MaxSearchFileBytes must not be negative.")]
    public long MaxSearchFileBytes { get; set; } = 1024 * 1024;

    /// <summary>The most characters one text read returns, whatever the caller asks; the rest is read by offset. Default 20,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxReadChars { get; set; } = 20_000;

    /// <summary>
    /// Where a client downloads a file's bytes, as a prefix of its relative path (the HTTP API's files endpoint). Told
    /// to the model for binary files it cannot read as text. Default <c>/v1/files/</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DownloadPathPrefix { get; set; } = "/v1/files/";

    /// <summary>The folder holding every project's files, given the runtime's data directory.</summary>
    public string ResolveRootDirectory(string dataDirectory) =>
        !string.IsNullOrWhiteSpace(RootDirectory) ? RootDirectory : Path.Combine(dataDirectory, "projects");
}
