using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using ByokAgent.Agents.Events;
using ByokAgent.Agents.Turns;
using ByokAgent.Security;

namespace ByokAgent.Agents;

public sealed partial class AgentSession
{
    /// <summary>
    /// Runs one turn and streams what happens: <c>token</c> pieces of the reply, <c>tool_start</c>/<c>tool_end</c> around
    /// each tool call, then exactly one <c>done</c> (with the result) or <c>error</c> (with a code and one clean line).
    /// </summary>
    /// <remarks>Failures become an <see cref="AgentErrorEvent"/>, not an exception; cancellation throws
    /// <see cref="OperationCanceledException"/>. Either way the history is unchanged.</remarks>
    public async IAsyncEnumerable<AgentEvent> RunStreamingAsync(string message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);

        // Tokens come from the model stream and tool events from kernel filters; one channel puts them in order.
        var events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceStreamingTurnAsync(message, events.Writer, stop.Token);
        try
        {
            await foreach (var agentEvent in events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return agentEvent;
            }
        }
        finally
        {
            // The consumer stopped early (break or dispose): stop the turn too, and let it finish cleaning up.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ProduceStreamingTurnAsync(string message, ChannelWriter<AgentEvent> events, CancellationToken cancellationToken)
    {
        AgentTurn turn;
        try
        {
            turn = BeginTurn(events);
        }
        catch (SessionBusyException busy)
        {
            events.TryWrite(new AgentErrorEvent(AgentErrorCodes.SessionBusy, busy.Message, busy));
            events.TryComplete();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var budget = await _budget.EnterAsync(turn, cancellationToken).ConfigureAwait(false);
            var (history, turnStart) = await StartTurnHistoryAsync(message, cancellationToken).ConfigureAwait(false);
            var text = new StringBuilder();
            await StreamRepliesAsync(history, ToolSettings(), turn, text, cancellationToken).ConfigureAwait(false);
            if (turn.ToolRoundLimitReached)
            {
                await StreamRepliesAsync(history, FinalAnswerSettings(), turn, text, cancellationToken).ConfigureAwait(false);
            }

            var result = await CompleteAsync(turn, history, turnStart, text.ToString(), started, cancellationToken).ConfigureAwait(false);
            events.TryWrite(new AgentDoneEvent(result));
            events.TryComplete();
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            LogTurnFailed(cancelled);
            events.TryComplete(cancelled);
        }
        catch (Exception exception)
        {
            LogTurnFailed(exception);
            await RecordKeyRejectionAsync(exception).ConfigureAwait(false);
            events.TryWrite(new AgentErrorEvent(AgentErrorCodes.For(exception), UserMessage(exception), exception));
            events.TryComplete();
        }
        finally
        {
            EndTurn();
        }
    }

    private async Task StreamRepliesAsync(Microsoft.SemanticKernel.ChatCompletion.ChatHistory history, Microsoft.SemanticKernel.PromptExecutionSettings settings, AgentTurn turn, StringBuilder text, CancellationToken cancellationToken)
    {
        await foreach (var chunk in _chat.GetStreamingChatMessageContentsAsync(history, settings, _kernel, cancellationToken).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(chunk.Content))
            {
                text.Append(chunk.Content);
                turn.Emit(new AgentTokenEvent(chunk.Content));
            }
        }
    }

    private string UserMessage(Exception exception) => exception switch
    {
        Providers.ProviderException or Providers.ModelConfigException or Sessions.SessionConflictException or Usage.BudgetExceededException => exception.Message,
        _ => SecretRedactor.Redact($"The turn failed unexpectedly ({exception.GetType().Name}).", _config.Secrets()),
    };
}
