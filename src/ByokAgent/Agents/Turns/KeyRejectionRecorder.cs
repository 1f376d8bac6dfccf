using ByokAgent.Projects;
using ByokAgent.Providers;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Agents.Turns;

/// <summary>
/// Marks a session's stored model config invalid when the provider rejects its key during a turn, so
/// <c>byok models list</c> (and the API) show it as broken until it validates again.
/// </summary>
/// <remarks>A key revoked or out of credit after it was saved is the common case this catches.</remarks>
internal sealed partial class KeyRejectionRecorder(IModelConfigStore store, string projectId, string configId, ILogger logger)
{
    /// <summary>Records <paramref name="failure"/> when it says the key is bad; never throws (the turn's own failure matters more).</summary>
    public async Task RecordAsync(Exception failure)
    {
        if (failure is not ProviderException { Failure: ProviderFailure.InvalidKey } rejected)
        {
            return;
        }

        try
        {
            // Not the turn's token: the turn has ended, and the mark must land even if the caller gave up.
            await store.SetStatusAsync(projectId, configId, ModelConfigStatus.Invalid, rejected.Message, CancellationToken.None).ConfigureAwait(false);
            Log.MarkedInvalid(logger, configId);
        }
#pragma warning disable CA1031 // A store fault here must not replace the provider failure the user needs to see.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.MarkFailed(logger, configId, exception.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The provider rejected the key of model config {ConfigId}: marked invalid until it validates again")]
        public static partial void MarkedInvalid(ILogger logger, string configId);

        [LoggerMessage(2, LogLevel.Warning, "Marking model config {ConfigId} invalid failed: {ErrorType}")]
        public static partial void MarkFailed(ILogger logger, string configId, string errorType);
    }
}
