namespace ByokAgent.Projects;

/// <summary>No project with that id or name.</summary>
public sealed class ProjectNotFoundException : KeyNotFoundException
{
    public ProjectNotFoundException(string project)
        : base($"No project '{project}'.")
    {
    }

    public ProjectNotFoundException()
        : base("No such project.")
    {
    }

    public ProjectNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
