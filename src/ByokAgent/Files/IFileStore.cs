namespace ByokAgent.Files;

/// <summary>
/// A project's files: the one store behind the file tools, the HTTP API's <c>/v1/files</c> and the REPL's <c>/files</c>.
/// </summary>
/// <remarks>
/// <para>Every path is relative to the project's root, with <c>/</c> separators (<c>notes/todo.md</c>); the empty path is
/// the root. A path that could leave the root (<c>..</c>, absolute, drive letters, NUL, encoded traversal, a symlink
/// pointing outside) throws <see cref="FilePathException"/>; a project never sees another project's files.</para>
/// <para>Writes are atomic (a temporary file renamed into place), so a reader never sees a torn file.</para>
/// </remarks>
public interface IFileStore
{
    /// <summary>The entries of a folder (with <paramref name="recursive"/>, everything under it), bounded by the store's listing limit.</summary>
    /// <exception cref="FileNotFoundInProjectException">The folder does not exist.</exception>
    /// <exception cref="FileKindException">The path is a file.</exception>
    Task<FileListing> ListAsync(string projectId, string path = "", bool recursive = false, CancellationToken cancellationToken = default);

    /// <summary>The entry at <paramref name="path"/>, or <see langword="null"/> when nothing is there.</summary>
    Task<FileEntry?> StatAsync(string projectId, string path, CancellationToken cancellationToken = default);

    /// <summary>Part of a text file: up to <paramref name="maxChars"/> characters from character <paramref name="offset"/> (capped by the store).</summary>
    /// <exception cref="FileNotFoundInProjectException">No file there.</exception>
    /// <exception cref="FileKindException">The path is a folder.</exception>
    /// <exception cref="FileNotTextException">The file is binary (its entry, with type and size, is in the exception).</exception>
    Task<FileText> ReadTextAsync(string projectId, string path, long offset = 0, int? maxChars = null, CancellationToken cancellationToken = default);

    /// <summary>Opens a file's bytes for reading (downloads, binary files). The caller disposes the stream.</summary>
    /// <exception cref="FileNotFoundInProjectException">No file there.</exception>
    Task<Stream> OpenReadAsync(string projectId, string path, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a file with <paramref name="content"/>, atomically; missing folders are created.</summary>
    /// <exception cref="FileQuotaExceededException">The file or the project would exceed its quota; nothing is changed.</exception>
    /// <exception cref="FileKindException">A folder is at the path, or a file where one of its folders should be.</exception>
    Task<FileEntry> WriteAsync(string projectId, string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Appends text (UTF-8) to a file, creating it when missing.</summary>
    /// <exception cref="FileQuotaExceededException">The file or the project would exceed its quota; nothing is changed.</exception>
    /// <exception cref="FileKindException">A folder is at the path, or a file where one of its folders should be.</exception>
    Task<FileEntry> AppendTextAsync(string projectId, string path, string text, CancellationToken cancellationToken = default);

    /// <summary>Moves or renames a file or folder.</summary>
    /// <exception cref="FileNotFoundInProjectException">Nothing at <paramref name="source"/>.</exception>
    /// <exception cref="FileConflictException">Something exists at <paramref name="destination"/> and <paramref name="overwrite"/> is false.</exception>
    Task<FileEntry> MoveAsync(string projectId, string source, string destination, bool overwrite = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file, or a folder with everything in it. <see langword="false"/> when nothing was there.</summary>
    Task<bool> DeleteAsync(string projectId, string path, CancellationToken cancellationToken = default);

    /// <summary>Removes every file of a project (when the project itself is deleted). <see langword="false"/> when it had none.</summary>
    Task<bool> DeleteProjectAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Files whose name or text content matches <paramref name="query"/>, bounded in number.</summary>
    Task<FileSearchResult> SearchAsync(string projectId, string query, string path = "", CancellationToken cancellationToken = default);
}
