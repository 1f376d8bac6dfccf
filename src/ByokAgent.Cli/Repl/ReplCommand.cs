using System.CommandLine;
using ByokAgent.Cli.Hosting;

namespace ByokAgent.Cli.Repl;

/// <summary>Wires the REPL as the root command's action: <c>byok [--resume] [--project NAME]</c>.</summary>
internal static class ReplCommand
{
    public static void AddTo(RootCommand root)
    {
        var resume = new Option<bool>("--resume") { Description = "REPL: continue the last conversation of the project." };
        var project = new Option<string?>("--project") { Description = "REPL: the project (name or id); default: the local default project." };
        var verbose = new Option<bool>("--verbose") { Description = "REPL: write diagnostic logs to stderr (never keys or message text)." };
        root.Options.Add(resume);
        root.Options.Add(project);
        root.Options.Add(verbose);
        root.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(
            (services, _) => new ReplLoop(services, ReplConsole.Create()).RunAsync(parse.GetValue(project), parse.GetValue(resume)),
            cancellationToken,
            parse.GetValue(verbose)));
    }

    /// <summary>
    /// The REPL handles Ctrl+C itself (cancel the turn, stay in the REPL), so System.CommandLine's handler, which would
    /// end the process, is turned off for it; every other command keeps it.
    /// </summary>
    public static InvocationConfiguration? InvocationFor(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand && parse.Errors.Count == 0
            ? new InvocationConfiguration { ProcessTerminationTimeout = null }
            : null;
}
