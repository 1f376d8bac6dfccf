namespace ByokAgent.Files;

/// <summary>Media types of project files: by extension, else by a look at the first bytes.</summary>
/// <remarks>
/// A small hand-written table on purpose: ASP.NET Core's <c>FileExtensionContentTypeProvider</c> ships only in the
/// ASP.NET shared framework (or as the 2.x <c>Microsoft.AspNetCore.StaticFiles</c> package, which drags the old ASP.NET
/// Core abstractions along), and this library stays free of web dependencies. The table covers what agents write and
/// fetch; anything else is <c>text/plain</c> or <c>application/octet-stream</c> by content.
/// </remarks>
internal static class ContentTypes
{
    /// <summary>The type of a file with no known extension whose bytes look like text.</summary>
    public const string PlainText = "text/plain";

    /// <summary>The type of a file with no known extension whose bytes do not look like text.</summary>
    public const string Binary = "application/octet-stream";

    /// <summary>How many leading bytes decide whether an unknown file is text (the amount git looks at).</summary>
    public const int SniffLength = 8000;

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".log"] = "text/plain",
        [".md"] = "text/markdown",
        [".markdown"] = "text/markdown",
        [".csv"] = "text/csv",
        [".tsv"] = "text/tab-separated-values",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".css"] = "text/css",
        [".js"] = "text/javascript",
        [".mjs"] = "text/javascript",
        [".ts"] = "text/x-typescript",
        [".cs"] = "text/x-csharp",
        [".py"] = "text/x-python",
        [".java"] = "text/x-java",
        [".go"] = "text/x-go",
        [".rs"] = "text/x-rust",
        [".c"] = "text/x-c",
        [".h"] = "text/x-c",
        [".cpp"] = "text/x-c++",
        [".sh"] = "application/x-sh",
        [".sql"] = "application/sql",
        [".json"] = "application/json",
        [".jsonl"] = "application/jsonl",
        [".xml"] = "application/xml",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
        [".toml"] = "application/toml",
        [".ini"] = "text/plain",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".bmp"] = "image/bmp",
        [".ico"] = "image/x-icon",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".woff2"] = "font/woff2",
    };

    // Types outside text/* whose content is text all the same, so the model may read them.
    private static readonly HashSet<string> TextualApplicationTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/json", "application/jsonl", "application/xml", "application/yaml", "application/toml",
        "application/x-sh", "application/sql", "image/svg+xml",
    };

    /// <summary>The type the file name's extension says, or <see langword="null"/> when the table does not know it.</summary>
    public static string? FromName(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : null;

    /// <summary>The type of an unknown file from its first bytes: text unless it holds a NUL byte (git's rule).</summary>
    public static string FromContent(ReadOnlySpan<byte> head) =>
        LooksBinary(head) ? Binary : PlainText;

    /// <summary>Whether bytes are not text: a NUL byte never appears in UTF-8 text a person or a model wrote.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head) => head.Contains((byte)0);

    /// <summary>Whether files of this type hold text a model can read.</summary>
    public static bool IsTextual(string contentType) =>
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || TextualApplicationTypes.Contains(contentType);
}
