using System.CommandLine;
using ByokAgent.Cli.Output;
using ByokAgent.Server;
using Microsoft.Extensions.Hosting;

namespace ByokAgent.Cli.Commands;

/// <summary><c>byok serve</c>: the hosted API (<c>POST /v1/agent</c>, sessions, files, project model) on this machine's data.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (several separated by ';').", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var command = new Command("serve", "Run the HTTP API: POST /v1/agent with a project key (byok projects create NAME prints one).") { urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await using var app = ByokServer.Build(["--urls", parse.GetValue(urls)!]);
                await app.StartAsync(cancellationToken);
                Console.Error.WriteLine($"byok serve: listening on {string.Join(", ", app.Urls)} (Ctrl+C stops after running turns finish)");

                // Ctrl+C cancels the token; the host then stops gracefully, letting running turns finish.
                await app.WaitForShutdownAsync(cancellationToken);
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            catch (Exception exception)
            {
                return ErrorLine.Write(Console.Error, exception);
            }
        });
        return command;
    }
}
