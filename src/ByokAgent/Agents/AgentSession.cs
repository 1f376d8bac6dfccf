using System.Diagnostics;
using ByokAgent.Agents.Turns;
using ByokAgent.Providers;
using ByokAgent.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ByokAgent.Agents;

/// <summary>
/// One conversation with an agent: its history, its kernel (model + tools), and the turns run on it.
/// </summary>
/// <remarks>
/// <para>Turns of one session never interleave: starting a turn while one runs throws <see cref="SessionBusyException"/>.</para>
/// <para>A turn that fails or is cancelled leaves the history exactly as it was; a completed turn appends the user
/// message, the tool calls and results, and the reply together.</para>
/// <para>Dispose the session when the conversation is done: its plugins' resources (a browser context) are released
/// then. The stored conversation stays; opening it again continues it.</para>
/// </remarks>
public sealed partial class AgentSession : IAsyncDisposable
{
    private readonly ModelConfig _config;
    private readonly Kernel _kernel;
    private readonly IChatCompletionService _chat;
    private readonly TurnTracker _tracker;
    private readonly string _systemPrompt;
    private readonly ISessionStore _store;
    private readonly IChatHistoryReducer _reducer;
    private readonly List<IAsyncDisposable> _resources;
    private readonly KeyRejectionRecorder? _keyRejections;
    private readonly ILogger _logger;
    private readonly Usage.ProjectBudget _budget;
    private List<ChatMessageContent> _history;
    private long _version;
    private int _turnRunning;
    private Activity? _turnActivity;

    internal AgentSession(SessionInfo stored, IEnumerable<ChatMessageContent> history, ModelConfig config, Kernel kernel, TurnTracker tracker, string systemPrompt, ISessionStore store, IChatHistoryReducer reducer, List<IAsyncDisposable> resources, KeyRejectionRecorder? keyRejections, ILogger logger, Usage.ProjectBudget budget)
    {
        Id = stored.Id;
        ProjectId = stored.ProjectId;
        _version = stored.Version;
        _history = [.. history];
        _config = config;
        _kernel = kernel;
        _chat = kernel.GetRequiredService<IChatCompletionService>();
        _tracker = tracker;
        _systemPrompt = systemPrompt;
        _store = store;
        _reducer = reducer;
        _resources = resources;
        _keyRejections = keyRejections;
        _logger = logger;
        _budget = budget;
    }

    /// <summary>The session id.</summary>
    public string Id { get; }

    /// <summary>The project the session belongs to.</summary>
    public string ProjectId { get; }

    /// <summary>The stored version this session has reached (it grows with each stored turn); a host holding sessions open compares it with the store's to notice turns stored elsewhere.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The provider id the session talks to.</summary>
    public string Provider => _config.Provider;

    /// <summary>The model the session talks to.</summary>
    public string Model => _config.Model;

    /// <summary>The tools the agent can call, named as the model sees them (<c>plugin_function</c>).</summary>
    public IReadOnlyList<string> Tools => [.. _kernel.Plugins.SelectMany(p => p).Select(ToolNames.Of)];

    /// <summary>A snapshot of the whole conversation so far (without the system prompt), as stored.</summary>
    public IReadOnlyList<ChatMessageContent> History => Volatile.Read(ref _history).ToArray();

    /// <summary>Runs one turn and returns the final reply, the tool calls made and the tokens used.</summary>
    /// <exception cref="ProviderException">The provider failed; the history is unchanged.</exception>
    /// <exception cref="SessionBusyException">Another turn is running in this session.</exception>
    /// <exception cref="SessionConflictException">Another process stored a turn in this session meanwhile; the history is unchanged.</exception>
    /// <exception cref="Usage.BudgetExceededException">A budget of the project is used up; nothing was sent, the history is unchanged.</exception>
    public async Task<AgentTurnResult> RunAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        var turn = BeginTurn(events: null);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var budget = await _budget.EnterAsync(turn, cancellationToken).ConfigureAwait(false);
            var (history, turnStart) = await StartTurnHistoryAsync(message, cancellationToken).ConfigureAwait(false);
            var reply = await _chat.GetChatMessageContentAsync(history, ToolSettings(), _kernel, cancellationToken).ConfigureAwait(false);
            if (turn.ToolRoundLimitReached)
            {
                reply = await _chat.GetChatMessageContentAsync(history, FinalAnswerSettings(), _kernel, cancellationToken).ConfigureAwait(false);
            }

            var text = reply.Content ?? string.Empty;
            return await CompleteAsync(turn, history, turnStart, text, started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogTurnFailed(exception);
            await RecordKeyRejectionAsync(exception).ConfigureAwait(false);
            throw;
        }
        finally
        {
            EndTurn();
        }
    }

    /// <summary>Releases what the session's plugins hold (each resource once; a failing one does not stop the others).</summary>
    public async ValueTask DisposeAsync()
    {
        Observability.ChatTelemetry.Release(_kernel);
        IAsyncDisposable[] resources;
        lock (_resources)
        {
            resources = [.. _resources];
            _resources.Clear();
        }

        foreach (var resource in resources)
        {
            try
            {
                await resource.DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Ending a session must release every resource; one plugin's fault is logged, not thrown.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.ResourceDisposeFailed(_logger, Id, exception.GetType().Name);
            }
        }
    }

    private AgentTurn BeginTurn(System.Threading.Channels.ChannelWriter<Events.AgentEvent>? events)
    {
        if (Interlocked.CompareExchange(ref _turnRunning, 1, 0) != 0)
        {
            throw new SessionBusyException(Id);
        }

        var turn = new AgentTurn(events);
        _tracker.Current = turn;
        _turnActivity = Observability.TurnTelemetry.Start(Id, ProjectId, _config, streaming: events is not null);
        Log.TurnStarted(_logger, Id, _config.Provider, _config.Model);
        return turn;
    }

    private void EndTurn()
    {
        Observability.TurnTelemetry.End(ref _turnActivity);
        _tracker.Current = null;
        Volatile.Write(ref _turnRunning, 0);
    }

    // The turn works on a copy: Semantic Kernel appends tool calls and results to it, and only a stored turn is kept.
    // The model sees a reduced history (whole exchanges dropped from the front); the store keeps every message.
    // Returns the history to send and the index where this turn's messages start in it.
    private async Task<(ChatHistory History, int TurnStart)> StartTurnHistoryAsync(string message, CancellationToken cancellationToken)
    {
        var past = Volatile.Read(ref _history);
        var reduced = await _reducer.ReduceAsync(past, cancellationToken).ConfigureAwait(false) ?? past;
        var history = new ChatHistory(_systemPrompt);
        history.AddRange(reduced);
        var turnStart = history.Count;
        history.AddUserMessage(message);
        return (history, turnStart);
    }

    private async Task<AgentTurnResult> CompleteAsync(AgentTurn turn, ChatHistory history, int turnStart, string text, long started, CancellationToken cancellationToken)
    {
        history.AddAssistantMessage(text);
        var added = history.Skip(turnStart).ToList();
        var duration = Stopwatch.GetElapsedTime(started);
        var usage = turn.Usage;
        var record = new SessionTurn(
            [.. added.Select(ChatMessageSerializer.ToStored)],
            new TurnUsage(_config.Provider, _config.Model, usage.InputTokens, usage.OutputTokens, usage.TotalTokens, duration) { CachedInputTokens = usage.CachedInputTokens });

        // Stored first, kept in memory second: a turn the store refused (a conflict, a fault) never half-exists.
        // Not cancellable: the answer is in hand and the write is short, while a cancel that lands after the database
        // committed would leave this session's version behind the store's and fail every later turn.
        var stored = await _store.AppendTurnAsync(ProjectId, Id, _version, record, CancellationToken.None).ConfigureAwait(false);
        _version = stored.Version;
        Volatile.Write(ref _history, [.. Volatile.Read(ref _history), .. added]);

        var result = new AgentTurnResult(Id, text, turn.ToolCalls, usage, _config.Provider, _config.Model, duration);
        Observability.TurnTelemetry.Completed(_turnActivity, result);
        Log.TurnCompleted(_logger, Id, (long)duration.TotalMilliseconds, result.ToolCalls.Count, usage.InputTokens, usage.OutputTokens);
        return result;
    }

    private PromptExecutionSettings ToolSettings() => new()
    {
        // Advertise tools only when there are some: several OpenAI-compatible servers reject an empty tools array.
        FunctionChoiceBehavior = _kernel.Plugins.Count > 0 ? FunctionChoiceBehavior.Auto() : null,
    };

    // After the tool-round limit: tools stay described (so the history's tool calls make sense) but may not be called.
    private static PromptExecutionSettings FinalAnswerSettings() => new()
    {
        FunctionChoiceBehavior = FunctionChoiceBehavior.None(),
    };

    private Task RecordKeyRejectionAsync(Exception exception) =>
        _keyRejections?.RecordAsync(exception) ?? Task.CompletedTask;

    private void LogTurnFailed(Exception exception)
    {
        Observability.TurnTelemetry.Failed(_turnActivity, _config, exception);
        if (exception is OperationCanceledException)
        {
            Log.TurnCancelled(_logger, Id);
        }
        else
        {
            // Only the type and the (already scrubbed) provider message: SDK messages may quote bodies that echo the key.
            Log.TurnFailed(_logger, Id, exception.GetType().Name, exception is ProviderException or ModelConfigException ? exception.Message : "see the exception type");
        }
    }
}
