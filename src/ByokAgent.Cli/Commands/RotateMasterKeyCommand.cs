using System.CommandLine;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands;

/// <summary><c>byok rotate-master-key</c>: wraps every project's data key with a new master key.</summary>
internal static class RotateMasterKeyCommand
{
    public static Command Create()
    {
        var command = new Command("rotate-master-key", "Replace the master key that protects stored provider keys. Stop other byok processes on this data first.");
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var result = await services.GetRequiredService<IMasterKeyRotation>().RotateAsync(ct);
            if (result.NewEnvironmentKey is { } newKey)
            {
                // The old key came from BYOK_MASTER_KEY: the operator must set the new one; stdout carries it alone.
                await Console.Error.WriteLineAsync($"Rotated the master key ({result.ProjectCount} project data keys re-wrapped). Set BYOK_MASTER_KEY to the key below before the next start; it is not shown again.");
                Console.WriteLine(newKey);
            }
            else
            {
                Console.WriteLine($"Rotated the master key ({result.ProjectCount} project data keys re-wrapped); the new key is in {result.KeyFilePath}.");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
