using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.TestSupport;

internal static class TestServices
{
    /// <summary>A second, independent runtime over an existing data directory: what a restarted process sees.</summary>
    public static ServiceProvider AddByokAgentForTests(this IServiceCollection services, string dataDirectory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ByokAgent:Providers:MaxRetries"] = "0",
            ["ByokAgent:Storage:DataDirectory"] = dataDirectory,
        }).Build();
        services.AddLogging().AddByokAgent(configuration);
        return services.BuildServiceProvider();
    }
}
