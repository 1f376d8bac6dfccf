using ByokAgent.Cli.Output;

namespace ByokAgent.Cli.Hosting;

/// <summary>Runs a command's body with the runtime's services, turning failures into one stderr line and an exit code.</summary>
internal static class CliRun
{
    public static async Task<int> WithServicesAsync(Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken, bool verbose = false)
    {
        try
        {
            await using var services = await CliServices.StartAsync(verbose, cancellationToken);
            return await body(services, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception exception)
        {
            return ErrorLine.Write(Console.Error, exception);
        }
    }
}
