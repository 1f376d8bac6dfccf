using Microsoft.SemanticKernel;

namespace ByokAgent.Agents.Turns;

/// <summary>
/// Enforces <see cref="AgentOptions.MaxToolRounds"/>: past the limit a requested tool is not run, the loop stops, and the
/// session asks the model for a final answer without tools.
/// </summary>
/// <remarks>The connectors' own caps are far higher (128 in SK's OpenAI connector, 40 in Microsoft.Extensions.AI).</remarks>
internal sealed class ToolRoundLimitFilter(TurnTracker tracker, int maxToolRounds) : IAutoFunctionInvocationFilter
{
    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        if (context.RequestSequenceIndex < maxToolRounds)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        tracker.Current?.ToolRoundLimitReached = true;
        context.Result = new FunctionResult(context.Function, $"Not run: this turn used its {maxToolRounds} tool rounds. Answer with what you have.");
        context.Terminate = true;
    }
}
