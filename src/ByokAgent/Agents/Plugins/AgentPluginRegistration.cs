using Microsoft.SemanticKernel;

namespace ByokAgent.Agents.Plugins;

/// <summary>A plugin every agent session gets: a name and a factory called once per session.</summary>
/// <param name="Name">The plugin name the model sees as the prefix of its tools.</param>
/// <param name="Create">
/// Gives the plugin for one session, or <see langword="null"/> when settings turn it off. Return a plugin built once
/// and shared (see <see cref="AgentPluginContext"/>) and store what the session needs with
/// <see cref="AgentPluginContext.Set{T}"/>: building a plugin per session costs a millisecond of reflection each time.
/// </param>
public sealed record AgentPluginRegistration(string Name, Func<AgentPluginContext, KernelPlugin?> Create);
