using ByokAgent.Server;

// The standalone server; `byok serve --urls ...` starts the same application from the CLI.
var app = ByokServer.Build(args);
await app.RunAsync();

/// <summary>The entry point, public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
