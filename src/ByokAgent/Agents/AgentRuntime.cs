using ByokAgent.Agents.Plugins;
using ByokAgent.Agents.Turns;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ByokAgent.Agents;

/// <summary>
/// The entry point of every face (library, HTTP, REPL): opens an agent session of a project, new or stored, on the
/// project's model, with the registered plugins and the system prompt.
/// </summary>
/// <remarks>Thread-safe; register as a singleton (<c>AddByokAgent</c> does).</remarks>
public sealed class AgentRuntime
{
    private readonly IChatClientFactory _chatClients;
    private readonly IKernelFactory _kernels;
    private readonly IProjectStore _projects;
    private readonly IModelConfigStore _modelConfigs;
    private readonly ISessionStore _sessions;
    private readonly IEnumerable<AgentPluginRegistration> _plugins;
    private readonly IServiceProvider _services;
    private readonly AgentOptions _options;
    private readonly AgentPluginOptions _pluginOptions;
    private readonly DefaultModelOptions _defaultModel;
    private readonly SystemPrompt _systemPrompt;
    private readonly ChatHistoryTruncationReducer _reducer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Usage.BudgetGuard _budgets;

    public AgentRuntime(
        IChatClientFactory chatClients,
        IKernelFactory kernels,
        IProjectStore projects,
        IModelConfigStore modelConfigs,
        ISessionStore sessions,
        IEnumerable<AgentPluginRegistration> plugins,
        IServiceProvider services,
        IOptions<AgentOptions> options,
        IOptions<DefaultModelOptions> defaultModel,
        IOptions<AgentPluginOptions> pluginOptions,
        ILoggerFactory loggerFactory,
        Usage.BudgetGuard budgets)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pluginOptions);
        ArgumentNullException.ThrowIfNull(defaultModel);
        _chatClients = chatClients;
        _kernels = kernels;
        _projects = projects;
        _modelConfigs = modelConfigs;
        _sessions = sessions;
        _plugins = plugins;
        _services = services;
        _options = options.Value;
        _pluginOptions = pluginOptions.Value;
        _defaultModel = defaultModel.Value;
        _systemPrompt = new SystemPrompt(_options);
        _reducer = new ChatHistoryTruncationReducer(_options.MaxHistoryMessages, Math.Max(2, _options.MaxHistoryMessages / 4));
        _loggerFactory = loggerFactory;
        _budgets = budgets;
    }

    /// <summary>Opens a session: a new one, or a stored one to continue.</summary>
    /// <exception cref="ProjectNotFoundException">The project does not exist.</exception>
    /// <exception cref="SessionNotFoundException">The session does not exist in the project.</exception>
    /// <exception cref="ModelConfigException">No model is given, stored for the project, or configured as fallback; or it is incomplete.</exception>
    public async Task<AgentSession> OpenSessionAsync(AgentSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = request.ProjectId is null
            ? await _projects.GetOrCreateDefaultAsync(cancellationToken).ConfigureAwait(false)
            : await _projects.GetAsync(request.ProjectId, cancellationToken).ConfigureAwait(false) ?? throw new ProjectNotFoundException(request.ProjectId);
        var projectId = project.Id;

        var config = request.ModelConfig ?? await ResolveModelAsync(projectId, cancellationToken).ConfigureAwait(false);

        // A session on the project's stored default reports a rejected key back to that config (see KeyRejectionRecorder).
        var keyRejections = request.ModelConfig is null
            ? new KeyRejectionRecorder(_modelConfigs, projectId, config, _loggerFactory.CreateLogger<KeyRejectionRecorder>())
            : null;
        var chatClient = _chatClients.Create(config);

        SessionInfo stored;
        IEnumerable<ChatMessageContent> history = [];
        if (request.SessionId is { } sessionId)
        {
            stored = await _sessions.GetAsync(projectId, sessionId, cancellationToken).ConfigureAwait(false) ?? throw new SessionNotFoundException(sessionId);
            var messages = await _sessions.LoadMessagesAsync(projectId, sessionId, cancellationToken: cancellationToken).ConfigureAwait(false);
            history = messages.Select(m => ChatMessageSerializer.FromStored(m.Message));
        }
        else
        {
            stored = await _sessions.CreateAsync(projectId, cancellationToken).ConfigureAwait(false);
        }

        var tracker = new TurnTracker();
        var sessionResources = new List<IAsyncDisposable>();
        var context = new AgentPluginContext(projectId, stored.Id, _services, sessionResources);
        var sessionPlugins = _plugins
            .Where(p => _pluginOptions.IsEnabled(p.Name, projectId, project.Name))
            .Select(p => p.Create(context))
            .OfType<KernelPlugin>()
            .Concat(request.Plugins ?? [])
            .ToList();
        var secrets = config.Secrets().ToArray();
        var budget = _budgets.For(projectId, project.Name, config.Provider, config.Model);
        var kernel = _kernels.Create(new UsageRecordingChatClient(chatClient, tracker, budget.Price), sessionPlugins, secrets);
        context.AttachTo(kernel);

        // Registered in order, so the limit check wraps the recording: a call past the limit is not reported as run.
        kernel.AutoFunctionInvocationFilters.Add(new ToolRoundLimitFilter(tracker, _options.MaxToolRounds));
        kernel.AutoFunctionInvocationFilters.Add(new ToolCallFilter(tracker, secrets, _options));

        var systemPrompt = await _systemPrompt.RenderAsync(kernel, config, cancellationToken).ConfigureAwait(false);
        return new AgentSession(stored, history, config, kernel, tracker, systemPrompt, _sessions, _reducer, sessionResources, keyRejections, _loggerFactory.CreateLogger<AgentSession>(), budget);
    }

    /// <summary>Starts a new session in the default project.</summary>
    /// <param name="config">The model to talk to; <see langword="null"/> uses the default project's config, else <c>ByokAgent:DefaultModel</c>.</param>
    /// <param name="plugins">Plugins for this session only, beside the registered ones.</param>
    /// <param name="cancellationToken">Cancels opening the session.</param>
    public Task<AgentSession> CreateSessionAsync(ModelConfig? config = null, IEnumerable<KernelPlugin>? plugins = null, CancellationToken cancellationToken = default) =>
        OpenSessionAsync(new AgentSessionRequest { ModelConfig = config, Plugins = plugins }, cancellationToken);

    /// <summary>The model a project's sessions use by default: its default config, else the deployment's fallback.</summary>
    /// <exception cref="ModelConfigException">Neither exists.</exception>
    public async Task<ModelConfig> ResolveModelAsync(string projectId, CancellationToken cancellationToken = default) =>
        await _modelConfigs.GetDefaultAsync(projectId, cancellationToken).ConfigureAwait(false)
        ?? (_defaultModel.IsConfigured
            ? _defaultModel.ToModelConfig()
            : throw new ModelConfigException(ModelConfigException.NotConfiguredField, "No model is configured for this project: store a model config for it, or set ByokAgent:DefaultModel."));
}
