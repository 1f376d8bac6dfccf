using Microsoft.Extensions.Logging;

namespace ByokAgent.Plugins.Browser.Sessions;

internal sealed partial class SessionBrowser
{
    // Page content and tool arguments (a typed password) are never logged.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Browser context opened for session {SessionId} ({Contexts} open)")]
        public static partial void ContextOpened(ILogger logger, string sessionId, int contexts);

        [LoggerMessage(2, LogLevel.Debug, "Browser context of session {SessionId} closed: {Reason}")]
        public static partial void ContextClosed(ILogger logger, string sessionId, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Browser tool {Tool} of session {SessionId} failed: {ErrorType}")]
        public static partial void ActionFailed(ILogger logger, string sessionId, string tool, string errorType);

        [LoggerMessage(4, LogLevel.Warning, "Browser tool {Tool} of session {SessionId} got no answer from the page within {BudgetSeconds} s")]
        public static partial void ActionHung(ILogger logger, string sessionId, string tool, long budgetSeconds);

        [LoggerMessage(5, LogLevel.Debug, "Browser download of session {SessionId} saved ({Bytes} bytes)")]
        public static partial void DownloadSaved(ILogger logger, string sessionId, long bytes);
    }
}
