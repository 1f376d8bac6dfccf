using Microsoft.SemanticKernel;

namespace ByokAgent.Agents.Plugins;

/// <summary>What a plugin factory knows about the session it creates a plugin for, and what the session's tools find again.</summary>
/// <remarks>
/// <para>Plugins that hold resources per session (a browser context, open handles) hand them to <see cref="OnSessionEnd"/>:
/// the session disposes them when it is disposed, so nothing outlives the conversation that opened it.</para>
/// <para>Building a <see cref="KernelPlugin"/> reflects over its methods and writes a JSON schema per tool, about a
/// millisecond per plugin: a plugin should be built once per runtime and shared by every session. Its tools take a
/// <see cref="Kernel"/> parameter (Semantic Kernel passes the session's kernel and hides it from the model) and find
/// their session's state with <see cref="Of(Kernel)"/> and <see cref="Get{T}"/>; the factory stores that state with
/// <see cref="Set{T}"/>.</para>
/// </remarks>
public sealed class AgentPluginContext
{
    // The key under which the session's kernel carries its context (Kernel.Data is per kernel, so per session).
    private const string KernelDataKey = "byok.plugin-context";

    private readonly List<IAsyncDisposable> _sessionResources;
    private readonly Dictionary<Type, object> _state = [];

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

    /// <summary>The context of the session whose kernel is <paramref name="kernel"/> (the kernel a tool is called with).</summary>
    /// <exception cref="InvalidOperationException">The kernel is not an agent session's.</exception>
    public static AgentPluginContext Of(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return kernel.Data.TryGetValue(KernelDataKey, out var context) && context is AgentPluginContext pluginContext
            ? pluginContext
            : throw new InvalidOperationException("This kernel does not belong to an agent session: open one with AgentRuntime.");
    }

    /// <summary>Keeps <paramref name="state"/> for this session's tools, one value per type.</summary>
    public void Set<T>(T state)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_state)
        {
            _state[typeof(T)] = state;
        }
    }

    /// <summary>The state of type <typeparamref name="T"/> that the plugin's factory stored for this session.</summary>
    /// <exception cref="InvalidOperationException">None was stored.</exception>
    public T Get<T>()
        where T : class
    {
        lock (_state)
        {
            return _state.TryGetValue(typeof(T), out var state)
                ? (T)state
                : throw new InvalidOperationException($"No {typeof(T).Name} was stored for session {SessionId}.");
        }
    }

    /// <summary>Disposes <paramref name="resource"/> when the session ends (its <c>DisposeAsync</c>).</summary>
    public void OnSessionEnd(IAsyncDisposable resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_sessionResources)
        {
            _sessionResources.Add(resource);
        }
    }

    /// <summary>Makes this context findable from the session's kernel.</summary>
    internal void AttachTo(Kernel kernel) => kernel.Data[KernelDataKey] = this;
}
