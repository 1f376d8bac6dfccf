using System.CommandLine;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Projects;
using ByokAgent.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models list</c>: the project's configs with whether each has a key and works; never a key.</summary>
internal static class ModelsListCommand
{
    public static Command Create()
    {
        var project = new ProjectOption();
        var command = new Command("list", "List the project's model configs (provider, model, host, default, has key, status).") { project.Option };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var owner = await project.ResolveAsync(parse, services, ct);
            var entries = await services.GetRequiredService<IModelConfigStore>().ListAsync(owner.Id, ct);
            if (entries.Count == 0)
            {
                Console.Error.WriteLine($"No model configs in project {owner.Name}. Add one: byok models add <provider> --api-key KEY --model MODEL");
                return ExitCodes.Success;
            }

            Console.WriteLine($"{"ID",-38} {"PROVIDER",-18} {"MODEL",-30} {"HOST",-40} {"DEFAULT",-7} {"KEY",-4} STATUS");
            foreach (var entry in entries)
            {
                var host = entry.ApiHost ?? (ProviderCatalog.TryGet(entry.Provider, out var descriptor) ? descriptor.DefaultHost?.ToString() : null) ?? "-";
                Console.WriteLine($"{entry.Id,-38} {entry.Provider,-18} {entry.Model,-30} {host,-40} {(entry.IsDefault ? "yes" : ""),-7} {(entry.HasProviderKey ? "yes" : "no"),-4} {Status(entry)}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string Status(ModelConfigEntry entry) => entry.Status switch
    {
        ModelConfigStatus.Valid => "valid",
        ModelConfigStatus.Invalid => $"INVALID: {entry.StatusMessage ?? "validation failed"} (byok models validate {entry.Id})",
        _ => "unchecked",
    };
}
