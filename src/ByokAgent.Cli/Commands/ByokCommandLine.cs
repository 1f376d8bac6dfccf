using System.CommandLine;
using ByokAgent.Cli.Commands.Models;
using ByokAgent.Cli.Repl;

namespace ByokAgent.Cli.Commands;

/// <summary>The <c>byok</c> command tree; <c>byok</c> alone starts the REPL.</summary>
internal static class ByokCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("byok: bring-your-own-key AI agents, on the provider and model you choose. With no command: the interactive REPL.");
        root.Subcommands.Add(AskCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(ProjectsCommand.Create());
        root.Subcommands.Add(RotateMasterKeyCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(UsageCommand.Create());
        ReplCommand.AddTo(root);
        return root;
    }
}
