using ByokAgent.Projects;
using ByokAgent.Security;
using ByokAgent.Sessions;
using ByokAgent.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ByokAgent.Storage;

/// <summary>Registers the embedded storage: <c>byok.db</c> in the data directory, with secrets under the master key.</summary>
internal static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StorageOptions"/> (from <c>ByokAgent:Storage</c>), the master key (<c>BYOK_MASTER_KEY</c> or
    /// the data directory's <c>master.key</c>), the secret protector, the SQLite database with its
    /// <see cref="IStorageInitializer"/> and <see cref="IMasterKeyRotation"/>, and the three stores.
    /// </summary>
    /// <remarks>
    /// Everything is a singleton added with TryAdd, so a store registered earlier wins, and one registered later (PostgreSQL)
    /// replaces it with <c>Replace</c>/<c>AddSingleton</c>. Nothing touches the disk until a store or the initializer is
    /// first resolved.
    /// </remarks>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            MasterKeyLoader.LoadFromEnvironment(provider.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveDataDirectory()));
        services.TryAddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.TryAddSingleton(provider => new SqliteDatabase(
            Path.Combine(provider.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveDataDirectory(), SqliteDatabase.FileName),
            provider.GetRequiredService<ISecretProtector>(),
            provider.GetRequiredService<MasterKeyRing>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.SqliteDurability));
        services.TryAddSingleton<IStorageInitializer>(provider => provider.GetRequiredService<SqliteDatabase>());
        services.TryAddSingleton<IMasterKeyRotation, SqliteMasterKeyRotation>();
        services.TryAddSingleton<IProjectStore, SqliteProjectStore>();
        services.TryAddSingleton<IModelConfigStore, SqliteModelConfigStore>();
        services.TryAddSingleton<ISessionStore, SqliteSessionStore>();
        services.TryAddSingleton<Usage.IUsageStore, Usage.SqliteUsageStore>();
        return services;
    }
}
