using System.Diagnostics;
using ByokAgent.Agents.Turns;
using ByokAgent.Providers;
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
/// </remarks>
public sealed partial class AgentSession
{
    private readonly ModelConfig _config;
    private readonly Kernel _kernel;
    private readonly IChatCompletionService _chat;
    private readonly TurnTracker _tracker;
    private readonly string _systemPrompt;
    private readonly ILogger _logger;
    private List<ChatMessageContent> _history = [];
    private int _turnRunning;

    internal AgentSession(string id, ModelConfig config, Kernel kernel, TurnTracker tracker, string systemPrompt, ILogger logger)
    {
        Id = id;
        _config = config;
        _kernel = kernel;
        _chat = kernel.GetRequiredService<IChatCompletionService>();
        _tracker = tracker;
        _systemPrompt = systemPrompt;
        _logger = logger;
    }

    /// <summary>The session id.</summary>
    public string Id { get; }

    /// <summary>The provider id the session talks to.</summary>
    public string Provider => _config.Provider;

    /// <summary>The model the session talks to.</summary>
    public string Model => _config.Model;

    /// <summary>The tools the agent can call, named as the model sees them (<c>plugin_function</c>).</summary>
    public IReadOnlyList<string> Tools => [.. _kernel.Plugins.SelectMany(p => p).Select(ToolNames.Of)];

    /// <summary>A snapshot of the conversation so far (without the system prompt).</summary>
    public IReadOnlyList<ChatMessageContent> History => Volatile.Read(ref _history).ToArray();

    /// <summary>Runs one turn and returns the final reply, the tool calls made and the tokens used.</summary>
    /// <exception cref="ProviderException">The provider failed; the history is unchanged.</exception>
    /// <exception cref="SessionBusyException">Another turn is running in this session.</exception>
    public async Task<AgentTurnResult> RunAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        var turn = BeginTurn(events: null);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var history = StartTurnHistory(message);
            var reply = await _chat.GetChatMessageContentAsync(history, ToolSettings(), _kernel, cancellationToken).ConfigureAwait(false);
            if (turn.ToolRoundLimitReached)
            {
                reply = await _chat.GetChatMessageContentAsync(history, FinalAnswerSettings(), _kernel, cancellationToken).ConfigureAwait(false);
            }

            var text = reply.Content ?? string.Empty;
            return Complete(turn, history, text, started);
        }
        catch (Exception exception)
        {
            LogTurnFailed(exception);
            throw;
        }
        finally
        {
            EndTurn();
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
        Log.TurnStarted(_logger, Id, _config.Provider, _config.Model);
        return turn;
    }

    private void EndTurn()
    {
        _tracker.Current = null;
        Volatile.Write(ref _turnRunning, 0);
    }

    // The turn works on a copy: Semantic Kernel appends tool calls and results to it, and only a completed turn is kept.
    private ChatHistory StartTurnHistory(string message)
    {
        var history = new ChatHistory(_systemPrompt);
        history.AddRange(Volatile.Read(ref _history));
        history.AddUserMessage(message);
        return history;
    }

    private AgentTurnResult Complete(AgentTurn turn, ChatHistory history, string text, long started)
    {
        history.AddAssistantMessage(text);
        Volatile.Write(ref _history, [.. history.Skip(1)]);

        var result = new AgentTurnResult(Id, text, turn.ToolCalls, turn.Usage, _config.Provider, _config.Model, Stopwatch.GetElapsedTime(started));
        Log.TurnCompleted(_logger, Id, (long)result.Duration.TotalMilliseconds, result.ToolCalls.Count, result.Usage.InputTokens, result.Usage.OutputTokens);
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

    private void LogTurnFailed(Exception exception)
    {
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
