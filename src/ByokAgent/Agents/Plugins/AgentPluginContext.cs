namespace ByokAgent.Agents.Plugins;

/// <summary>What a plugin factory knows about the session it creates a plugin for.</summary>
/// <param name="SessionId">The session the plugin instance will serve (plugins may keep per-session state, like a browser context).</param>
/// <param name="Services">The application's services.</param>
public sealed record AgentPluginContext(string SessionId, IServiceProvider Services);
