using System.CommandLine;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models remove &lt;id&gt;</c>: deletes a config with its encrypted key.</summary>
internal static class ModelsRemoveCommand
{
    public static Command Create()
    {
        var id = ModelConfigArgument.Required();
        var project = new ProjectOption();
        var command = new Command("remove", "Remove a model config and its stored key (the oldest remaining one becomes the default).") { id, project.Option };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var owner = await project.ResolveAsync(parse, services, ct);
            var store = services.GetRequiredService<IModelConfigStore>();
            var entry = await ModelConfigArgument.FindAsync(store, owner, parse.GetValue(id), ct);
            await store.RemoveAsync(owner.Id, entry.Id, ct);
            Console.WriteLine($"Removed {entry.Provider} {entry.Model} ({entry.Id}) from project {owner.Name}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
