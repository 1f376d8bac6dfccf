namespace ByokAgent.Server.Auth;

/// <summary>Endpoint metadata: the route needs a project key (<see cref="ProjectKeyMiddleware"/>). The <c>/v1</c> group carries it.</summary>
/// <remarks>Metadata, not a path prefix: routing matches paths case-insensitively, so <c>/V1/...</c> reaches the same endpoints.</remarks>
internal sealed class ProjectKeyRequired
{
    public static ProjectKeyRequired Instance { get; } = new();

    private ProjectKeyRequired()
    {
    }
}
