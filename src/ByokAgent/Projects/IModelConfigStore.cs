using ByokAgent.Providers;

namespace ByokAgent.Projects;

/// <summary>
/// Each project's model configs, with provider keys and secret extras encrypted at rest (AES-256-GCM envelope: a
/// per-project data key wrapped by the master key; each ciphertext bound to its project, config and field).
/// </summary>
/// <remarks>
/// A project has at most one default config; the first config added becomes the default. Removing the default makes
/// the oldest remaining config the default. Every method scopes by project: another project's config id is "not found".
/// </remarks>
public interface IModelConfigStore
{
    /// <summary>Stores <paramref name="config"/> (validated by the caller) and returns its entry.</summary>
    /// <exception cref="ProjectNotFoundException">The project does not exist.</exception>
    Task<ModelConfigEntry> AddAsync(string projectId, ModelConfig config, bool makeDefault, CancellationToken cancellationToken = default);

    /// <summary>Replaces a config; <see langword="null"/> when not found. A <see langword="null"/> key in <paramref name="config"/> keeps the stored one.</summary>
    /// <remarks>
    /// An empty key removes the stored one. Secret extras left out of <paramref name="config"/> are kept while the
    /// provider stays the same (they are never shown, so an edit cannot send them back); an empty value removes one.
    /// </remarks>
    Task<ModelConfigEntry?> UpdateAsync(string projectId, string configId, ModelConfig config, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string projectId, string configId, CancellationToken cancellationToken = default);

    /// <summary>The project's configs, oldest first, without secrets.</summary>
    Task<IReadOnlyList<ModelConfigEntry>> ListAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Makes a config the default ("Set as Default"); <see langword="false"/> when not found.</summary>
    Task<bool> SetDefaultAsync(string projectId, string configId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records whether a config works: <see cref="ModelConfigStatus.Valid"/> after a validation passed,
    /// <see cref="ModelConfigStatus.Invalid"/> (with the user-facing reason) after one failed or the provider rejected the key
    /// at run time. Any change to the config resets it to unchecked. <see langword="false"/> when not found.
    /// </summary>
    Task<bool> SetStatusAsync(string projectId, string configId, ModelConfigStatus status, string? message, CancellationToken cancellationToken = default);

    /// <summary>A config with its secrets decrypted, for a provider call; <see langword="null"/> when not found.</summary>
    Task<ModelConfig?> GetAsync(string projectId, string configId, CancellationToken cancellationToken = default);

    /// <summary>The project's default config with its secrets decrypted, or <see langword="null"/> when it has none.</summary>
    Task<ModelConfig?> GetDefaultAsync(string projectId, CancellationToken cancellationToken = default);
}
