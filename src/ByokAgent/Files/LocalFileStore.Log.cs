using Microsoft.Extensions.Logging;

namespace ByokAgent.Files;

public sealed partial class LocalFileStore
{
    // Paths are what the model or the user typed, so they are logged only at Trace; file content never.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Wrote a file of {Bytes} bytes in project {ProjectId}")]
        public static partial void FileWritten(ILogger logger, string projectId, long bytes);

        [LoggerMessage(2, LogLevel.Warning, "Refused a file path in project {ProjectId} ({Operation})")]
        public static partial void PathRefused(ILogger logger, string projectId, string operation);

        [LoggerMessage(3, LogLevel.Information, "Refused a write in project {ProjectId}: over the {Quota} quota")]
        public static partial void QuotaExceeded(ILogger logger, string projectId, string quota);

        [LoggerMessage(4, LogLevel.Trace, "File {Operation} in project {ProjectId}: {Path}")]
        public static partial void Operation(ILogger logger, string operation, string projectId, string path);

        [LoggerMessage(5, LogLevel.Warning, "Could not remove the temporary file of a failed write in project {ProjectId}: {ErrorType}")]
        public static partial void TempCleanupFailed(ILogger logger, string projectId, string errorType);
    }
}
