using Microsoft.Extensions.Logging;

namespace ByokAgent.Agents;

public sealed partial class AgentSession
{
    // Message and tool content is never logged here; keys never anywhere.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Turn started in session {SessionId} on {Provider}/{Model}")]
        public static partial void TurnStarted(ILogger logger, string sessionId, string provider, string model);

        [LoggerMessage(2, LogLevel.Information, "Turn completed in session {SessionId} in {DurationMs} ms: {ToolCalls} tool calls, {InputTokens} input and {OutputTokens} output tokens")]
        public static partial void TurnCompleted(ILogger logger, string sessionId, long durationMs, int toolCalls, long inputTokens, long outputTokens);

        [LoggerMessage(3, LogLevel.Warning, "Turn failed in session {SessionId}: {ErrorType}: {Reason}")]
        public static partial void TurnFailed(ILogger logger, string sessionId, string errorType, string reason);

        [LoggerMessage(4, LogLevel.Information, "Turn cancelled in session {SessionId}")]
        public static partial void TurnCancelled(ILogger logger, string sessionId);

        [LoggerMessage(5, LogLevel.Warning, "Releasing a plugin resource of session {SessionId} failed: {ErrorType}")]
        public static partial void ResourceDisposeFailed(ILogger logger, string sessionId, string errorType);
    }
}
