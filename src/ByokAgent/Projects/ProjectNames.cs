namespace ByokAgent.Projects;

/// <summary>What makes a project name acceptable, for every store backend alike.</summary>
internal static class ProjectNames
{
    public const int MaxLength = 100;

    /// <summary>The trimmed name.</summary>
    /// <exception cref="ArgumentException">Empty, too long, or with control characters.</exception>
    public static string Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A project name cannot be empty.", nameof(name));
        }

        var trimmed = name.Trim();
        return trimmed.Length > MaxLength || trimmed.Any(char.IsControl)
            ? throw new ArgumentException($"A project name has at most {MaxLength} characters and no control characters.", nameof(name))
            : trimmed;
    }
}
