using System.CommandLine;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models default &lt;id&gt;</c>: the config new sessions of the project use.</summary>
internal static class ModelsDefaultCommand
{
    public static Command Create()
    {
        var id = ModelConfigArgument.Required();
        var project = new ProjectOption();
        var command = new Command("default", "Make a model config the project's default.") { id, project.Option };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var owner = await project.ResolveAsync(parse, services, ct);
            var store = services.GetRequiredService<IModelConfigStore>();
            var entry = await ModelConfigArgument.FindAsync(store, owner, parse.GetValue(id), ct);
            await store.SetDefaultAsync(owner.Id, entry.Id, ct);
            Console.WriteLine($"{entry.Provider} {entry.Model} ({entry.Id}) is now the default of project {owner.Name}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
