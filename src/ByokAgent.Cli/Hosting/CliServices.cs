using ByokAgent.Observability;
using ByokAgent.Plugins.Browser;
using ByokAgent.Plugins.Files;
using ByokAgent.Postgres;
using ByokAgent.Sessions;
using ByokAgent.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ByokAgent.Cli.Hosting;

/// <summary>The runtime's services for one CLI invocation: settings from appsettings.json and the environment.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(bool verbose)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));

            // Logs go to stderr and only when asked for: stdout carries the reply, for pipes and scripts.
            if (verbose)
            {
                logging.SetMinimumLevel(LogLevel.Debug);
                logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            }
        });
        services.AddByokAgent(configuration)
            .AddStorageFromSettings(configuration)
            .AddBrowserPlugin()
            .AddFilesPlugin();
        services.AddByokAgentTelemetry(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Builds the services and opens the store (migrations, master-key check), so a wrong key fails first, in one line.</summary>
    public static async Task<ServiceProvider> StartAsync(bool verbose, CancellationToken cancellationToken)
    {
        var services = Build(verbose);
        try
        {
            services.StartByokAgentTelemetry();
            await services.GetRequiredService<IStorageInitializer>().InitializeAsync(cancellationToken);
            await ExpireIdleSessionsAsync(services, cancellationToken);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    // The CLI has no background host, so idle sessions are swept at start: one indexed DELETE, cheap enough to run each time.
    private static async Task ExpireIdleSessionsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var expiry = services.GetRequiredService<IOptions<StorageOptions>>().Value.SessionIdleExpiry;
        if (expiry > TimeSpan.Zero)
        {
            var cutoff = services.GetRequiredService<TimeProvider>().GetUtcNow() - expiry;
            await services.GetRequiredService<ISessionStore>().DeleteIdleAsync(cutoff, cancellationToken);
        }
    }
}
