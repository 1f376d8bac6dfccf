namespace ByokAgent.Projects;

/// <summary>A project: the unit that owns model configs, sessions and files, and authenticates with its own API key.</summary>
public sealed record Project(string Id, string Name, DateTimeOffset CreatedAt);
