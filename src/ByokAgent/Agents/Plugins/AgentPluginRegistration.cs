using Microsoft.SemanticKernel;

namespace ByokAgent.Agents.Plugins;

/// <summary>A plugin every agent session gets: a name and a factory called once per session.</summary>
/// <param name="Name">The plugin name the model sees as the prefix of its tools.</param>
/// <param name="Create">Builds the plugin for one session, or returns <see langword="null"/> when settings turn it off.</param>
public sealed record AgentPluginRegistration(string Name, Func<AgentPluginContext, KernelPlugin?> Create);
