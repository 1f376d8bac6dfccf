namespace ByokAgent.Security;

/// <summary>The master key file (<c>master.key</c> in the data directory): base64 of 32 bytes, readable by its owner only.</summary>
/// <remarks>
/// Files are written to a temporary name with mode 0600 from the first byte (never created readable and tightened
/// afterwards), flushed to disk, then moved into place, so a reader sees either no file or a whole key.
/// </remarks>
internal static class MasterKeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads the key file, creating it with a new random key on first run.</summary>
    /// <exception cref="MasterKeyException">The file is unsafe (group/world accessible), unreadable or malformed.</exception>
    public static MasterKey LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return Read(path);
        }

        var key = MasterKey.Generate();
        string staged;
        try
        {
            staged = WriteStaged(path, key);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new MasterKeyException($"The master key file {path} cannot be created: {exception.Message} Make the data directory writable, or set BYOK_MASTER_KEY.", exception);
        }

        try
        {
            // overwrite: false links the file into place only if no other process created one meanwhile.
            File.Move(staged, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(staged);
            return Read(path);
        }
        catch
        {
            File.Delete(staged);
            throw;
        }
    }

    /// <summary>Reads an existing key file.</summary>
    /// <exception cref="MasterKeyException">The file is unsafe, unreadable or malformed.</exception>
    public static MasterKey Read(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            // Like ssh with a private key: a key others can read is a key others may have copied; refuse it loudly.
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
            {
                throw new MasterKeyException(
                    $"The master key file {path} is accessible to other users (mode {ToOctal(mode)}). Restrict it with: chmod 600 {path}");
            }
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new MasterKeyException($"The master key file {path} cannot be read: {exception.Message}", exception);
        }

        try
        {
            return MasterKey.FromBase64(text.Trim());
        }
        catch (FormatException exception)
        {
            throw new MasterKeyException($"The master key file {path} is malformed: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Writes <paramref name="key"/> beside <paramref name="path"/> under a temporary name (mode 0600, flushed) and
    /// returns that name, for <see cref="Commit"/> or <see cref="File.Move(string, string, bool)"/>.
    /// </summary>
    public static string WriteStaged(string path, MasterKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var staged = $"{path}.{Guid.NewGuid():N}.new";
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(staged, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ToBase64());
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        return staged;
    }

    /// <summary>Replaces the key file with a staged one in a single rename.</summary>
    public static void Commit(string staged, string path) => File.Move(staged, path, overwrite: true);

    private static string ToOctal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
