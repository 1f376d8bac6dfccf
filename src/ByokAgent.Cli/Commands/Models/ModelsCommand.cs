using System.CommandLine;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models</c>: the command-line face of a desktop BYOK app's Models page.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Manage the project's model configs: add (validated), list, validate, default, remove, providers.");
        command.Subcommands.Add(ModelsAddCommand.Create());
        command.Subcommands.Add(ModelsListCommand.Create());
        command.Subcommands.Add(ModelsValidateCommand.Create());
        command.Subcommands.Add(ModelsDefaultCommand.Create());
        command.Subcommands.Add(ModelsRemoveCommand.Create());
        command.Subcommands.Add(ModelsProvidersCommand.Create());
        return command;
    }
}
