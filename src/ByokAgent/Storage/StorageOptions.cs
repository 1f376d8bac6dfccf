using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Storage;

/// <summary>Where the runtime keeps what it remembers, bound from <c>ByokAgent:Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Storage";

    /// <summary>
    /// The data directory (SQLite database, master key file, project files). Empty: <c>BYOK_DATA_DIR</c>, else
    /// <c>~/.byok</c>.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary><c>sqlite</c> (embedded, default) or <c>postgres</c> (shared by several server instances).</summary>
    [RegularExpression("^(?i:sqlite|postgres)$", ErrorMessage = "ByokAgent:Storage:Provider must be sqlite or postgres.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string, when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>How a SQLite commit waits for the disk: <see cref="SqliteDurability.Normal"/> (default) or <see cref="SqliteDurability.Full"/>.</summary>
    public SqliteDurability SqliteDurability { get; set; } = SqliteDurability.Normal;

    /// <summary>Sessions idle longer than this are deleted by expiry. Default 30 days; zero keeps them forever.</summary>
    public TimeSpan SessionIdleExpiry { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The data directory actually used.</summary>
    public string ResolveDataDirectory() =>
        !string.IsNullOrWhiteSpace(DataDirectory) ? DataDirectory
        : Environment.GetEnvironmentVariable("BYOK_DATA_DIR") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".byok");
}
