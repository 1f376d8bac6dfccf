using System.Text;

namespace ByokAgent.Files;

public sealed partial class LocalFileStore
{
    // A matching line is shown whole up to this length, else cut around the match: enough context for a model to decide.
    private const int MaxLineLength = 200;

    /// <inheritdoc />
    /// <remarks>
    /// Case-insensitive, by name (files and folders) and by line of text files up to
    /// <see cref="FileStoreOptions.MaxSearchFileBytes"/>; binary files are matched by name only.
    /// </remarks>
    public async Task<FileSearchResult> SearchAsync(string projectId, string query, string path = "", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var (root, folder) = Resolve(projectId, path, "search");
        if (IsUnwrittenRoot(root, folder))
        {
            return new FileSearchResult([], Truncated: false);
        }

        RequireFolder(folder);
        var needle = query.Trim().Normalize(NormalizationForm.FormC);

        var hits = new List<FileSearchHit>();
        foreach (var walked in FileTreeWalker.Walk(root, folder, recursive: true, cancellationToken))
        {
            if (ProjectPaths.NameOf(walked.RelativePath).Contains(needle, StringComparison.OrdinalIgnoreCase)
                && !Add(hits, new FileSearchHit(walked.RelativePath, Line: null, Text: null)))
            {
                return new FileSearchResult(hits, Truncated: true);
            }

            if (walked.Info is FileInfo file && file.Length <= _options.MaxSearchFileBytes
                && !await SearchLinesAsync(walked.RelativePath, file, needle, hits, cancellationToken).ConfigureAwait(false))
            {
                return new FileSearchResult(hits, Truncated: true);
            }
        }

        return new FileSearchResult(hits, Truncated: false);
    }

    // False when the bound was reached.
    private async Task<bool> SearchLinesAsync(string relativePath, FileInfo file, string needle, List<FileSearchHit> hits, CancellationToken cancellationToken)
    {
        if (ContentTypes.FromName(file.Name) is { } byName && !ContentTypes.IsTextual(byName))
        {
            return true;
        }

        FileStream stream;
        try
        {
            stream = OpenShared(file.FullName);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Deleted or locked since the walk saw it: a search shows what it can read.
            return true;
        }

        await using (stream.ConfigureAwait(false))
        {
            if (await StartsBinaryAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            stream.Position = 0;
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, ReadBufferSize, leaveOpen: true);
            var number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                var at = line.IndexOf(needle, StringComparison.OrdinalIgnoreCase);
                if (at >= 0 && !Add(hits, new FileSearchHit(relativePath, number, Excerpt(line, at))))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool Add(List<FileSearchHit> hits, FileSearchHit hit)
    {
        if (hits.Count == _options.MaxSearchResults)
        {
            return false;
        }

        hits.Add(hit);
        return true;
    }

    private static string Excerpt(string line, int matchAt)
    {
        var trimmed = line.Trim();
        if (trimmed.Length <= MaxLineLength)
        {
            return trimmed;
        }

        var start = Math.Clamp(matchAt - (line.Length - line.TrimStart().Length) - (MaxLineLength / 2), 0, trimmed.Length - MaxLineLength);
        return string.Concat(start > 0 ? "…" : string.Empty, trimmed.AsSpan(start, MaxLineLength), start + MaxLineLength < trimmed.Length ? "…" : string.Empty);
    }
}
