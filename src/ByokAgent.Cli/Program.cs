using ByokAgent.Cli.Commands;
using ByokAgent.Cli.Repl;

// byok: the ByokAgent command line. Each command lives in Commands/ (the REPL in Repl/); this file only dispatches.
var parse = ByokCommandLine.Create().Parse(args);
return await parse.InvokeAsync(ReplCommand.InvocationFor(parse));
