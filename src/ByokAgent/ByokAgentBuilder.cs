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

    /// <summary>Gives every session the kernel functions of <typeparamref name="TPlugin"/> (created per session, with DI).</summary>
    public ByokAgentBuilder AddPlugin<TPlugin>(string? name = null)
        where TPlugin : class
    {
        var pluginName = name ?? typeof(TPlugin).Name;
        return AddPlugin(pluginName, context => KernelPluginFactory.CreateFromType<TPlugin>(pluginName, context.Services));
    }

    /// <summary>Gives every session a plugin built by <paramref name="create"/>, called once per session (<see langword="null"/>: not for this session).</summary>
    public ByokAgentBuilder AddPlugin(string name, Func<AgentPluginContext, KernelPlugin?> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        Services.AddSingleton(new AgentPluginRegistration(name, create));
        return this;
    }
}
