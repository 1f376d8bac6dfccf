namespace ByokAgent.Agents.Plugins;

/// <summary>What a plugin factory knows about the session it creates a plugin for.</summary>
/// <remarks>
/// Plugins that hold resources per session (a browser context, open handles) hand them to <see cref="OnSessionEnd"/>:
/// the session disposes them when it is disposed, so nothing outlives the conversation that opened it.
/// </remarks>
public sealed class AgentPluginContext
{
    private readonly List<IAsyncDisposable> _sessionResources;

    internal AgentPluginContext(string projectId, string sessionId, IServiceProvider services, List<IAsyncDisposable> sessionResources)
    {
        ProjectId = projectId;
        SessionId = sessionId;
        Services = services;
        _sessionResources = sessionResources;
    }

    /// <summary>The project the session belongs to (plugins scope their data to it, like the project's files).</summary>
    public string ProjectId { get; }

    /// <summary>The session the plugin instance will serve (plugins may keep per-session state, like a browser context).</summary>
    public string SessionId { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Disposes <paramref name="resource"/> when the session ends (its <c>DisposeAsync</c>).</summary>
    public void OnSessionEnd(IAsyncDisposable resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_sessionResources)
        {
            _sessionResources.Add(resource);
        }
    }
}
