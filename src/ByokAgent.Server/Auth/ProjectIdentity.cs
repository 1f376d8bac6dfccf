using ByokAgent.Projects;

namespace ByokAgent.Server.Auth;

/// <summary>The project a request authenticated as; everything the request touches belongs to it.</summary>
internal static class ProjectIdentity
{
    private const string ItemKey = "byok.project";

    public static void Set(HttpContext context, Project project) => context.Items[ItemKey] = project;

    /// <summary>The authenticated project's id, or <see langword="null"/> before authentication.</summary>
    public static string? ProjectIdOrNull(HttpContext context) => (context.Items[ItemKey] as Project)?.Id;

    /// <summary>The authenticated project (the /v1 group's filter guarantees one).</summary>
    public static Project Project(this HttpContext context) =>
        context.Items[ItemKey] as Project ?? throw new InvalidOperationException("The request was not authenticated.");
}
