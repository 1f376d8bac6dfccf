namespace ByokAgent.Files;

/// <summary>A file operation was refused; the message is written for the user (and the model) to read.</summary>
public abstract class FileStoreException : Exception
{
    protected FileStoreException(string message)
        : base(message)
    {
    }

    protected FileStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The path is not a safe path inside the project (traversal, absolute, NUL, a symlink leading outside…).</summary>
public sealed class FilePathException(string message) : FileStoreException(message);

/// <summary>Nothing exists at the path.</summary>
public sealed class FileNotFoundInProjectException(string path) : FileStoreException($"No file or folder '{path}'.")
{
    /// <summary>The path that was not found.</summary>
    public string Path { get; } = path;
}

/// <summary>Something exists at the destination already.</summary>
public sealed class FileConflictException(string path) : FileStoreException($"'{path}' exists already.")
{
    /// <summary>The path in the way.</summary>
    public string Path { get; } = path;
}

/// <summary>The write would exceed the per-file or per-project quota.</summary>
public sealed class FileQuotaExceededException(string message) : FileStoreException(message);

/// <summary>A folder is where a file is expected, or a file where a folder is (writing over a folder, listing a file…).</summary>
public sealed class FileKindException(string message) : FileStoreException(message);

/// <summary>The file is binary (an image, a PDF…): its bytes are for <see cref="IFileStore.OpenReadAsync"/>, not for reading as text.</summary>
public sealed class FileNotTextException(FileEntry entry)
    : FileStoreException($"'{entry?.Path}' is a binary file ({entry?.ContentType}, {FileSizeText.Format(entry?.Size ?? 0)}); it cannot be read as text.")
{
    /// <summary>The file, with its type and size.</summary>
    public FileEntry Entry { get; } = entry ?? throw new ArgumentNullException(nameof(entry));
}
