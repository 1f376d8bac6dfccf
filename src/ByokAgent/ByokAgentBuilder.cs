using ByokAgent.Agents.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace ByokAgent;

/// <summary>Adds plugins to the runtime registered by <see cref="ByokAgentServiceCollectionExtensions.AddByokAgent"/>.</summary>
public sealed class ByokAgentBuilder
{
    internal ByokAgentBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the runtime is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gives every session the kernel functions of <typeparamref name="TPlugin"/>.</summary>
    /// <remarks>
    /// One instance, created with DI at the first session, serves every session (tools run concurrently for different
    /// sessions). A tool that needs its session takes a <see cref="Kernel"/> parameter and calls <see cref="AgentPluginContext.Of(Kernel)"/>.
    /// </remarks>
    public ByokAgentBuilder AddPlugin<TPlugin>(string? name = null)
        where TPlugin : class
    {
        var pluginName = name ?? typeof(TPlugin).Name;
        Services.AddKeyedSingleton(pluginName, (services, _) => KernelPluginFactory.CreateFromType<TPlugin>(pluginName, services));
        return AddPlugin(pluginName, context => context.Services.GetRequiredKeyedService<KernelPlugin>(pluginName));
    }

    /// <summary>Gives every session a plugin from <paramref name="create"/>, called once per session (<see langword="null"/>: not for this session).</summary>
    /// <remarks>Prefer returning a plugin built once (see <see cref="AgentPluginRegistration"/>).</remarks>
    public ByokAgentBuilder AddPlugin(string name, Func<AgentPluginContext, KernelPlugin?> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        Services.AddSingleton(new AgentPluginRegistration(name, create));
        return this;
    }
}
