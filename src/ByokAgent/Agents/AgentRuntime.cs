using ByokAgent.Agents.Plugins;
using ByokAgent.Agents.Turns;
using ByokAgent.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace ByokAgent.Agents;

/// <summary>
/// The entry point of every face (library, HTTP, REPL): turns a model config into a ready agent session with the
/// registered plugins and the system prompt.
/// </summary>
/// <remarks>Thread-safe; register as a singleton (<c>AddByokAgent</c> does).</remarks>
public sealed class AgentRuntime
{
    private readonly IChatClientFactory _chatClients;
    private readonly IKernelFactory _kernels;
    private readonly IEnumerable<AgentPluginRegistration> _plugins;
    private readonly IServiceProvider _services;
    private readonly AgentOptions _options;
    private readonly DefaultModelOptions _defaultModel;
    private readonly SystemPrompt _systemPrompt;
    private readonly ILoggerFactory _loggerFactory;

    public AgentRuntime(
        IChatClientFactory chatClients,
        IKernelFactory kernels,
        IEnumerable<AgentPluginRegistration> plugins,
        IServiceProvider services,
        IOptions<AgentOptions> options,
        IOptions<DefaultModelOptions> defaultModel,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(defaultModel);
        _chatClients = chatClients;
        _kernels = kernels;
        _plugins = plugins;
        _services = services;
        _options = options.Value;
        _defaultModel = defaultModel.Value;
        _systemPrompt = new SystemPrompt(_options);
        _loggerFactory = loggerFactory;
    }

    /// <summary>Starts a new session.</summary>
    /// <param name="config">The model to talk to; <see langword="null"/> uses <c>ByokAgent:DefaultModel</c> from settings.</param>
    /// <param name="plugins">Plugins for this session only, beside the registered ones.</param>
    /// <param name="cancellationToken">Cancels rendering the system prompt.</param>
    /// <exception cref="ModelConfigException">No config is given or configured, or it is incomplete.</exception>
    public async Task<AgentSession> CreateSessionAsync(ModelConfig? config = null, IEnumerable<KernelPlugin>? plugins = null, CancellationToken cancellationToken = default)
    {
        config ??= _defaultModel.IsConfigured
            ? _defaultModel.ToModelConfig()
            : throw new ModelConfigException("provider", "No model is configured: pass a ModelConfig or set ByokAgent:DefaultModel (provider, api key, model).");

        var sessionId = NewSessionId();
        var tracker = new TurnTracker();
        IChatClient chatClient = new UsageRecordingChatClient(_chatClients.Create(config), tracker);

        var context = new AgentPluginContext(sessionId, _services);
        var sessionPlugins = _plugins.Select(p => p.Create(context)).Concat(plugins ?? []);
        var secrets = config.Secrets().ToArray();
        var kernel = _kernels.Create(chatClient, sessionPlugins, secrets);

        // Registered in order, so the limit check wraps the recording: a call past the limit is not reported as run.
        kernel.AutoFunctionInvocationFilters.Add(new ToolRoundLimitFilter(tracker, _options.MaxToolRounds));
        kernel.AutoFunctionInvocationFilters.Add(new ToolCallFilter(tracker, secrets, _options));

        var systemPrompt = await _systemPrompt.RenderAsync(kernel, config, cancellationToken).ConfigureAwait(false);
        return new AgentSession(sessionId, config, kernel, tracker, systemPrompt, _loggerFactory.CreateLogger<AgentSession>());
    }

    private static string NewSessionId() => $"ses_{Guid.CreateVersion7():N}";
}
