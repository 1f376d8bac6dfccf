namespace ByokAgent.Projects;

/// <summary>A project with that name exists already.</summary>
public sealed class ProjectNameTakenException : InvalidOperationException
{
    public ProjectNameTakenException(string name)
        : base($"A project named '{name}' exists already.")
    {
    }

    public ProjectNameTakenException()
        : base("A project with that name exists already.")
    {
    }

    public ProjectNameTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
