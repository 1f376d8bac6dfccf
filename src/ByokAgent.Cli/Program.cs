using System.CommandLine.Invocation;
using ByokAgent.Cli.Commands;
using ByokAgent.Cli.Output;
using ByokAgent.Cli.Repl;

// byok: the ByokAgent command line. Each command lives in Commands/ (the REPL in Repl/); this file only dispatches.
var parse = ByokCommandLine.Create().Parse(args);
var exitCode = await parse.InvokeAsync(ReplCommand.InvocationFor(parse));
// System.CommandLine ends a usage error (unknown option, missing argument or value) with 1; byok's contract is 2 for bad input.
return parse.Action is ParseErrorAction ? ExitCodes.InvalidInput : exitCode;
