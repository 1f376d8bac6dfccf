using ByokAgent.Postgres.Projects;
using ByokAgent.Postgres.Sessions;
using ByokAgent.Postgres.Storage;
using ByokAgent.Projects;
using ByokAgent.Security;
using ByokAgent.Sessions;
using ByokAgent.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ByokAgent.Postgres;

/// <summary>Puts the runtime's projects, model configs and sessions in PostgreSQL, so several server instances share them.</summary>
public static class PostgresStorageBuilderExtensions
{
    /// <summary>
    /// Replaces the embedded SQLite stores with PostgreSQL ones on <paramref name="connectionString"/> (an Npgsql
    /// connection string): <see cref="IProjectStore"/>, <see cref="IModelConfigStore"/>, <see cref="ISessionStore"/>,
    /// <see cref="IStorageInitializer"/> and <see cref="IMasterKeyRotation"/>.
    /// </summary>
    /// <remarks>
    /// <para>Call it before or after <c>AddByokAgent</c>'s storage registrations: these replace theirs, and theirs are
    /// added only when missing. The master key (<c>BYOK_MASTER_KEY</c>, else the data directory's key file) and the
    /// secret protector are the shared ones; every instance on one database must use the same master key, which the
    /// first start records as a key check and every later start verifies.</para>
    /// <para>Nothing connects until a store or <see cref="IStorageInitializer"/> is first used; the first use applies
    /// the migrations (once across instances, under an advisory lock).</para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not a valid Npgsql connection string.</exception>
    public static ByokAgentBuilder AddPostgresStorage(this ByokAgentBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // Parsed now, so a malformed string fails at registration rather than at the first request. The parser's own
        // message names the keyword; its inner exception quotes the value, which may be a password, so it is dropped.
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The PostgreSQL connection string is malformed: {exception.Message}", nameof(connectionString));
        }

        var services = builder.Services;

        // Shared with the SQLite registrations (TryAdd: whichever storage registers first provides them).
        services.AddOptions<StorageOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
            MasterKeyLoader.LoadFromEnvironment(provider.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveDataDirectory()));
        services.TryAddSingleton<ISecretProtector, AesGcmSecretProtector>();

        services.Replace(ServiceDescriptor.Singleton(provider =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString)
                .UseLoggerFactory(provider.GetService<ILoggerFactory>())
                .Build();
            return new PostgresDatabase(
                dataSource,
                provider.GetRequiredService<ISecretProtector>(),
                provider.GetRequiredService<MasterKeyRing>(),
                provider.GetService<ILogger<PostgresDatabase>>());
        }));
        services.Replace(ServiceDescriptor.Singleton<IStorageInitializer>(provider => provider.GetRequiredService<PostgresDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<IMasterKeyRotation, PostgresMasterKeyRotation>());
        services.Replace(ServiceDescriptor.Singleton<IProjectStore, PostgresProjectStore>());
        services.Replace(ServiceDescriptor.Singleton<IModelConfigStore, PostgresModelConfigStore>());
        services.Replace(ServiceDescriptor.Singleton<ISessionStore, PostgresSessionStore>());
        services.Replace(ServiceDescriptor.Singleton<ByokAgent.Usage.IUsageStore, Usage.PostgresUsageStore>());
        return builder;
    }
}
