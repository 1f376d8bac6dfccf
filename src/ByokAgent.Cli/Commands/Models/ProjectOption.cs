using System.CommandLine;
using ByokAgent.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>--project</c>: which project's model configs a command works on (default: the local default project).</summary>
internal sealed class ProjectOption
{
    public Option<string?> Option { get; } = new("--project") { Description = "The project's name or id (default: the default project)." };

    /// <exception cref="ProjectNotFoundException">No project by that name or id.</exception>
    public async Task<Project> ResolveAsync(ParseResult parse, IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IProjectStore>();
        return parse.GetValue(Option) is { Length: > 0 } nameOrId
            ? await store.FindAsync(nameOrId.Trim(), cancellationToken) ?? throw new ProjectNotFoundException(nameOrId)
            : await store.GetOrCreateDefaultAsync(cancellationToken);
    }
}
