namespace ByokAgent.Security;

/// <summary>Where the master key in use came from: <c>BYOK_MASTER_KEY</c>, or the key file in the data directory.</summary>
/// <param name="FromEnvironment">Whether it came from <c>BYOK_MASTER_KEY</c>.</param>
/// <param name="FilePath">The key file of the data directory (used, or the one that would be used without the variable).</param>
internal sealed record MasterKeySource(bool FromEnvironment, string FilePath)
{
    /// <summary>The environment variable that holds a master key as base64.</summary>
    public const string EnvironmentVariable = "BYOK_MASTER_KEY";

    /// <summary>The name of the key file in the data directory.</summary>
    public const string FileName = "master.key";

    /// <summary>Names the source for messages: the variable, or the file path.</summary>
    public string Description => FromEnvironment ? EnvironmentVariable : FilePath;
}
