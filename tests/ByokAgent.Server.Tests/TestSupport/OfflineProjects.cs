using ByokAgent.Projects;
using ByokAgent.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>Creates a project in a data directory through the library, as an operator's <c>byok projects create</c> would, before a server starts on it.</summary>
internal static class OfflineProjects
{
    public static async Task<ProjectWithKey> CreateAsync(string dataDirectory, string name)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ByokAgent:Storage:DataDirectory"] = dataDirectory })
            .Build();
        var services = new ServiceCollection();
        services.AddByokAgent(configuration);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredService<IStorageInitializer>().InitializeAsync();
            var created = await provider.GetRequiredService<IProjectStore>().CreateAsync(name);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return created;
        }
    }
}
