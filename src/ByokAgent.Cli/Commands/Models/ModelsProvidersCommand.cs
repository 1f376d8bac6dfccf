using System.CommandLine;
using ByokAgent.Cli.Output;
using ByokAgent.Providers;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models providers</c>: the catalog, with default hosts and the settings each provider needs.</summary>
internal static class ModelsProvidersCommand
{
    public static Command Create()
    {
        var command = new Command("providers", "List the providers a key can be brought for, with default hosts and required settings.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"{"ID",-18} {"NAME",-16} {"KEY",-9} {"DEFAULT HOST",-55} SETTINGS (--set name=value; * required)");
            foreach (var provider in ProviderCatalog.All)
            {
                var settings = provider.ExtraFields.Count == 0
                    ? "-"
                    : string.Join(", ", provider.ExtraFields.Select(f => $"{f.Name}{(f.Required ? "*" : string.Empty)}{(f.DefaultValue is { } d ? $"={d}" : string.Empty)}"));
                Console.WriteLine($"{provider.Id,-18} {provider.DisplayName,-16} {(provider.RequiresApiKey ? "required" : "optional"),-9} {provider.DefaultHost?.ToString() ?? "(set --api-host)",-55} {settings}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
