using ByokAgent.Agents;
using ByokAgent.Agents.Plugins;
using ByokAgent.Files;
using ByokAgent.Providers;
using ByokAgent.Providers.Http;
using ByokAgent.Providers.Validation;
using ByokAgent.Storage;
using ByokAgent.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace ByokAgent;

/// <summary>Registers the ByokAgent runtime in a service collection: the embedded face of the product.</summary>
public static class ByokAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AgentRuntime"/> and what it needs (stores on SQLite in the data directory by default), with
    /// settings from the <c>ByokAgent</c> section of
    /// <paramref name="configuration"/> (environment variables override it the .NET way, e.g. <c>ByokAgent__Agent__MaxToolRounds</c>).
    /// </summary>
    public static ByokAgentBuilder AddByokAgent(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddLogging();
        services.AddOptions<ProviderOptions>().Bind(configuration.GetSection(ProviderOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AgentPluginOptions>().Bind(configuration.GetSection(AgentPluginOptions.SectionName));
        services.AddOptions<DefaultModelOptions>().Bind(configuration.GetSection(DefaultModelOptions.SectionName));
        services.AddOptions<FileStoreOptions>().Bind(configuration.GetSection(FileStoreOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSqliteStorage(configuration);
        services.AddByokUsage(configuration);
        services.TryAddSingleton<ProviderHttpClientPool>();
        services.TryAddSingleton<IChatClientFactory, ChatClientFactory>();
        services.TryAddSingleton<IKernelFactory, KernelFactory>();
        services.AddOptions<ModelValidationOptions>().Bind(configuration.GetSection(ModelValidationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IModelValidator, ModelValidator>();
        services.TryAddSingleton<AgentRuntime>();
        services.TryAddSingleton<IFileStore, LocalFileStore>();
        services.TryAddSingleton(TimeProvider.System);
        // Built once, shared by every session (the clock has no per-session state).
        services.AddKeyedSingleton(ClockPlugin.Name, (provider, _) =>
            KernelPluginFactory.CreateFromObject(new ClockPlugin(provider.GetRequiredService<TimeProvider>()), ClockPlugin.Name));
        return new ByokAgentBuilder(services).AddPlugin(ClockPlugin.Name, context =>
            context.Services.GetRequiredService<IOptions<AgentOptions>>().Value.ClockTool
                ? context.Services.GetRequiredKeyedService<KernelPlugin>(ClockPlugin.Name)
                : null);
    }
}
