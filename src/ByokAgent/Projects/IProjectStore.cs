namespace ByokAgent.Projects;

/// <summary>Projects and their API keys.</summary>
/// <remarks>
/// API keys are <c>sk-byok_</c> + at least 32 random bytes in base62, stored only as a hash and compared in constant
/// time. Names are unique (case-insensitive).
/// </remarks>
public interface IProjectStore
{
    /// <summary>The project the local CLI uses when none is named; created on first use.</summary>
    public const string DefaultProjectName = "default";

    /// <summary>Creates a project; its API key is in the result and nowhere else.</summary>
    /// <exception cref="ProjectNameTakenException">The name is in use.</exception>
    Task<ProjectWithKey> CreateAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every project, oldest first.</summary>
    Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default);

    Task<Project?> GetAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Finds a project by its name (case-insensitive) or its id.</summary>
    Task<Project?> FindAsync(string nameOrId, CancellationToken cancellationToken = default);

    /// <exception cref="ProjectNameTakenException">The name is in use.</exception>
    Task<Project?> RenameAsync(string projectId, string newName, CancellationToken cancellationToken = default);

    /// <summary>Deletes the project with its model configs and sessions. <see langword="false"/> when it did not exist.</summary>
    Task<bool> DeleteAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the project's API key; the old one stops working at once. <see langword="null"/> when the project does not exist.</summary>
    Task<ProjectWithKey?> RotateKeyAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>The project a presented API key belongs to, or <see langword="null"/>.</summary>
    Task<Project?> AuthenticateAsync(string apiKey, CancellationToken cancellationToken = default);

    /// <summary>The default project, created (with a key nobody has seen) when missing.</summary>
    Task<Project> GetOrCreateDefaultAsync(CancellationToken cancellationToken = default);
}
