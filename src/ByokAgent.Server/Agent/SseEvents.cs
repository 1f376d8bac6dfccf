using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Server.Errors;

namespace ByokAgent.Server.Agent;

/// <summary>The <c>data</c> of each streamed event: <c>token {content}</c>, <c>tool_start {tool, arguments}</c>,
/// <c>tool_end {tool, result}</c>, <c>done {message, usage, duration_ms, session_id}</c>, <c>error {code, message}</c>.</summary>
internal static class SseEvents
{
    public static object Data(AgentEvent agentEvent, string projectId) => agentEvent switch
    {
        AgentTokenEvent token => new TokenData(token.Content),
        AgentToolStartEvent start => new ToolStartData(start.CallId, start.Tool, start.Arguments),
        AgentToolEndEvent end => new ToolEndData(end.Call.Id, end.Call.Name, end.Call.Result, end.Call.IsError, (long)end.Call.Duration.TotalMilliseconds),
        AgentDoneEvent done => new DoneData(done.Result.Text, UsageResponse.From(done.Result.Usage), (long)done.Result.Duration.TotalMilliseconds, done.Result.SessionId, AgentResponse.From(done.Result, projectId).ToolCalls),
        AgentErrorEvent error => Error(error),
        _ => new { },
    };

    private static ErrorData Error(AgentErrorEvent error) => error.Exception switch
    {
        ProviderException provider => new ErrorData(ApiErrorCodes.ProviderError, provider.Message, ApiError.FailureName(provider.Failure), provider.ProviderMessage),
        // As in a 500 body: a bug (a failing store, a plugin fault) names nothing of our insides, not even the exception type.
        _ when error.Code == AgentErrorCodes.InternalError => new ErrorData(ApiErrorCodes.InternalError, "The server failed unexpectedly.", null, null),
        _ => new ErrorData(error.Code, error.Message, null, null),
    };

    private sealed record TokenData(string Content);

    private sealed record ToolStartData(string Id, string Tool, string Arguments);

    private sealed record ToolEndData(string Id, string Tool, string Result, bool IsError, long DurationMs);

    private sealed record DoneData(string Message, UsageResponse Usage, long DurationMs, string SessionId, IReadOnlyList<ToolCallResponse> ToolCalls);

    private sealed record ErrorData(string Code, string Message, string? Failure, string? Detail);
}
