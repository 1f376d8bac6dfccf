using ByokAgent.Storage;
using Microsoft.Extensions.Configuration;

namespace ByokAgent.Postgres;

/// <summary>Lets a host pick the storage backend by setting, the way an operator expects.</summary>
public static class StorageSelectionBuilderExtensions
{
    /// <summary>
    /// Keeps the embedded SQLite stores, or switches to PostgreSQL when <c>ByokAgent:Storage:Provider</c> is
    /// <c>postgres</c> (with <c>ByokAgent:Storage:PostgresConnectionString</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is chosen without a connection string.</exception>
    public static ByokAgentBuilder AddStorageFromSettings(this ByokAgentBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StorageOptions.SectionName);
        if (!string.Equals(section[nameof(StorageOptions.Provider)], "postgres", StringComparison.OrdinalIgnoreCase))
        {
            return builder;
        }

        var connectionString = section[nameof(StorageOptions.PostgresConnectionString)];
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException("ByokAgent:Storage:Provider is postgres, but ByokAgent:Storage:PostgresConnectionString is empty.")
            : builder.AddPostgresStorage(connectionString);
    }
}
