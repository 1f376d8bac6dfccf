namespace ByokAgent.Security;

/// <summary>Finds the master key: <c>BYOK_MASTER_KEY</c> (base64 of 32 bytes) if set, else the data directory's key file.</summary>
internal static class MasterKeyLoader
{
    /// <summary>Loads the master key for <paramref name="dataDirectory"/>, creating the directory and key file on first run.</summary>
    /// <param name="dataDirectory">The data directory (created with mode 0700 when missing).</param>
    /// <param name="environmentValue">The value of <c>BYOK_MASTER_KEY</c>, or <see langword="null"/> when unset.</param>
    /// <exception cref="MasterKeyException">The variable or the file is malformed, or the file is unsafe.</exception>
    public static MasterKeyRing Load(string dataDirectory, string? environmentValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var filePath = Path.Combine(Path.GetFullPath(dataDirectory), MasterKeySource.FileName);
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            try
            {
                return new MasterKeyRing(MasterKey.FromBase64(environmentValue), new MasterKeySource(FromEnvironment: true, filePath));
            }
            catch (FormatException exception)
            {
                throw new MasterKeyException(
                    $"{MasterKeySource.EnvironmentVariable} is malformed: {exception.Message} Set it to base64 of 32 random bytes (for example: openssl rand -base64 32), or unset it to use {filePath}.",
                    exception);
            }
        }

        CreateDataDirectory(dataDirectory);
        return new MasterKeyRing(MasterKeyFile.LoadOrCreate(filePath), new MasterKeySource(FromEnvironment: false, filePath));
    }

    /// <summary>Loads the master key from the process environment and <paramref name="dataDirectory"/>.</summary>
    public static MasterKeyRing LoadFromEnvironment(string dataDirectory) =>
        Load(dataDirectory, Environment.GetEnvironmentVariable(MasterKeySource.EnvironmentVariable));

    /// <summary>Creates the data directory if needed; new directories are private to the user (0700).</summary>
    public static void CreateDataDirectory(string dataDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDirectory);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
