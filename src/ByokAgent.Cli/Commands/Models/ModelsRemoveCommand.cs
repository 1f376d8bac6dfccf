using System.CommandLine;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models remove &lt;id&gt;</c>: deletes a config with its encrypted key.</summary>
internal static class ModelsRemoveCommand
{
    public static Command Create() => StoredConfigCommand.Create("remove", "Remove a model config and its stored key (the oldest remaining one becomes the default).", async (store, project, entry, ct) =>
    {
        await store.RemoveAsync(project.Id, entry.Id, ct);
        return $"Removed {entry.Provider} {entry.Model} ({entry.Id}) from project {project.Name}.";
    });
}
