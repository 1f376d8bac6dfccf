using System.CommandLine;
using ByokAgent.Cli.Commands.Models;

namespace ByokAgent.Cli.Commands;

/// <summary>The <c>byok</c> command tree.</summary>
internal static class ByokCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("byok: bring-your-own-key AI agents, on the provider and model you choose.");
        root.Subcommands.Add(AskCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(ProjectsCommand.Create());
        root.Subcommands.Add(RotateMasterKeyCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }
}
