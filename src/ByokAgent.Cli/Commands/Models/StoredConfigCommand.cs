using System.CommandLine;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands.Models;

/// <summary>A <c>byok models</c> command that acts on one stored config named by its id (<c>default</c>, <c>remove</c>).</summary>
internal static class StoredConfigCommand
{
    /// <param name="name">The command name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="act">Does the work and returns the line to print.</param>
    public static Command Create(string name, string description, Func<IModelConfigStore, Project, ModelConfigEntry, CancellationToken, Task<string>> act)
    {
        var id = ModelConfigArgument.Required();
        var project = new ProjectOption();
        var command = new Command(name, description) { id, project.Option };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var owner = await project.ResolveAsync(parse, services, ct);
            var store = services.GetRequiredService<IModelConfigStore>();
            var entry = await ModelConfigArgument.FindAsync(store, owner, parse.GetValue(id), ct);
            Console.WriteLine(await act(store, owner, entry, ct));
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
