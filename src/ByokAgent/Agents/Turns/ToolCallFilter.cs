using System.Diagnostics;
using System.Text.Json;
using ByokAgent.Agents.Events;
using ByokAgent.Security;
using Microsoft.SemanticKernel;

namespace ByokAgent.Agents.Turns;

/// <summary>
/// Reports each tool call to the running turn (<c>tool_start</c>, <c>tool_end</c>) and turns a tool's exception into a
/// short, scrubbed message for the model: never a stack trace, never a secret.
/// </summary>
internal sealed class ToolCallFilter(TurnTracker tracker, IReadOnlyCollection<string> secrets, AgentOptions options) : IAutoFunctionInvocationFilter
{
    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        var turn = tracker.Current;
        var callId = string.IsNullOrEmpty(context.ToolCallId) ? $"call_{Guid.NewGuid():N}" : context.ToolCallId;
        var name = ToolNames.Of(context.Function);
        var arguments = Redact(SerializeArguments(context.Arguments));
        turn?.Emit(new AgentToolStartEvent(callId, name, arguments));

        var started = Stopwatch.GetTimestamp();
        string result;
        var isError = false;
        try
        {
            await next(context).ConfigureAwait(false);
            var raw = ResultText(context.Result);
            result = Redact(raw);
            if (!string.Equals(raw, result, StringComparison.Ordinal))
            {
                // What the model sees is what gets stored: a tool that returns a secret must not put it in either.
                context.Result = new FunctionResult(context.Function, result);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            isError = true;
            result = $"Error: {name} failed: {ShortMessage(exception)}";
            context.Result = new FunctionResult(context.Function, result);
        }

        var preview = result.Length > options.ToolResultPreviewLength ? string.Concat(result.AsSpan(0, options.ToolResultPreviewLength), "…") : result;
        var duration = Stopwatch.GetElapsedTime(started);
        turn?.RecordToolCall(new AgentToolCall(callId, name, arguments, preview, isError, duration));
        Observability.AgentMetrics.ToolCalled(name, duration, isError);
    }

    private string ShortMessage(Exception exception)
    {
        var firstLine = exception.Message.AsSpan().Trim();
        var lineBreak = firstLine.IndexOfAny('\r', '\n');
        if (lineBreak >= 0)
        {
            firstLine = firstLine[..lineBreak];
        }

        var message = Redact(firstLine.ToString());
        return message.Length > options.ToolErrorMaxLength ? string.Concat(message.AsSpan(0, options.ToolErrorMaxLength), "…") : message;
    }

    private string Redact(string text) => SecretRedactor.Redact(text, secrets);

    private static string SerializeArguments(KernelArguments? arguments) =>
        arguments is null || arguments.Count == 0
            ? "{}"
            : JsonSerializer.Serialize(arguments.ToDictionary(a => a.Key, a => a.Value));

    private static string ResultText(FunctionResult result) =>
        result.GetValue<object>() switch
        {
            null => string.Empty,
            string text => text,
            var value => JsonSerializer.Serialize(value),
        };
}
