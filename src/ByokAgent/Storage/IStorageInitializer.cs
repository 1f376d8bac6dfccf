namespace ByokAgent.Storage;

/// <summary>Prepares the store at start-up: creates or upgrades its schema and proves the master key matches it.</summary>
/// <remarks>
/// Stores initialize themselves on first use, so calling this is optional; a host calls it at start to fail before
/// serving anything when the database or master key is unusable.
/// </remarks>
public interface IStorageInitializer
{
    /// <summary>Applies pending migrations and verifies the master key. Safe to call more than once.</summary>
    /// <exception cref="Security.MasterKeyException">The master key is malformed, unsafe or not this database's.</exception>
    Task InitializeAsync(CancellationToken cancellationToken = default);
}
