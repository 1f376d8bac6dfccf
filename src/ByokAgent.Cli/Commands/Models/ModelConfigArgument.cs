using System.CommandLine;
using ByokAgent.Projects;
using ByokAgent.Providers;

namespace ByokAgent.Cli.Commands.Models;

/// <summary>The <c>id</c> argument of the commands that work on one stored config.</summary>
internal static class ModelConfigArgument
{
    public static Argument<string> Required() => new("id") { Description = "The config id (from `byok models list`)." };

    public static Argument<string?> Optional() => new("id") { Description = "The config id (default: the project's default config).", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>The stored entry, or a clear error naming what is missing.</summary>
    public static async Task<ModelConfigEntry> FindAsync(IModelConfigStore store, Project project, string? id, CancellationToken cancellationToken)
    {
        var entries = await store.ListAsync(project.Id, cancellationToken);
        var found = id is null ? entries.FirstOrDefault(e => e.IsDefault) : entries.FirstOrDefault(e => string.Equals(e.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
        return found ?? throw new ModelConfigException("id", id is null
            ? $"Project {project.Name} has no model config. Add one: byok models add <provider> --api-key KEY --model MODEL"
            : $"No model config '{id}' in project {project.Name} (see `byok models list`).");
    }
}
