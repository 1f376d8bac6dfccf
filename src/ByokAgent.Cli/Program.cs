using ByokAgent.Cli.Commands;

// byok: the ByokAgent command line. Each command lives in Commands/; this file only dispatches.
return await ByokCommandLine.Create().Parse(args).InvokeAsync();
