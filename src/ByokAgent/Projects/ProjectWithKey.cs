namespace ByokAgent.Projects;

/// <summary>A project together with its API key in clear text: returned once, at creation or rotation, never again.</summary>
/// <remarks><see cref="ToString"/> leaves the key out.</remarks>
public sealed record ProjectWithKey(Project Project, string ApiKey)
{
    public override string ToString() => $"ProjectWithKey {{ Project = {Project}, ApiKey = [shown once] }}";
}
