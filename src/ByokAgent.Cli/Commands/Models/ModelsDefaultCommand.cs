using System.CommandLine;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models default &lt;id&gt;</c>: the config new sessions of the project use.</summary>
internal static class ModelsDefaultCommand
{
    public static Command Create() => StoredConfigCommand.Create("default", "Make a model config the project's default.", async (store, project, entry, ct) =>
    {
        await store.SetDefaultAsync(project.Id, entry.Id, ct);
        return $"{entry.Provider} {entry.Model} ({entry.Id}) is now the default of project {project.Name}.";
    });
}
