using System.CommandLine;
using ByokAgent.Cli.Output;
using ByokAgent.Server;
using Microsoft.AspNetCore.Http;
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
            // Checked before the host starts: Kestrel would refuse a malformed address only while starting, with a logged stack trace.
            if (InvalidAddress(parse.GetValue(urls)!) is { } invalid)
            {
                await Console.Error.WriteLineAsync($"error: --urls: '{invalid}' is not an address to listen on; use e.g. http://127.0.0.1:8080 (several separated by ';').");
                return ExitCodes.InvalidInput;
            }

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

    // The first address Kestrel's own parser refuses, shortened for the error line; null when all are fine.
    private static string? InvalidAddress(string urls)
    {
        foreach (var address in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                _ = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                var printable = new string([.. address.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
                return address.Length > 80 ? printable + "..." : printable;
            }
        }

        return null;
    }
}
