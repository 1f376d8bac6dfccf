using ByokAgent.Projects;
using ByokAgent.Providers;
using Microsoft.Extensions.Logging;

namespace ByokAgent.Agents.Turns;

/// <summary>
/// Marks a session's stored model config invalid when the provider rejects its key during a turn, so
/// <c>byok models list</c> (and the API) show it as broken until it validates again.
/// </summary>
/// <remarks>
/// <para>A key revoked or out of credit after it was saved is the common case this catches.</para>
/// <para>The stored config is looked up only when a key is rejected, not when the session opens (a query per session
/// otherwise): the project's default, if it is still the provider, model and host the session talks to.</para>
/// </remarks>
internal sealed partial class KeyRejectionRecorder(IModelConfigStore store, string projectId, ModelConfig sessionConfig, ILogger logger)
{
    /// <summary>Records <paramref name="failure"/> when it says the key is bad; never throws (the turn's own failure matters more).</summary>
    public async Task RecordAsync(Exception failure)
    {
        if (failure is not ProviderException { Failure: ProviderFailure.InvalidKey } rejected)
        {
            return;
        }

        string? configId = null;
        try
        {
            // Not the turn's token: the turn has ended, and the mark must land even if the caller gave up.
            var stored = (await store.ListAsync(projectId, CancellationToken.None).ConfigureAwait(false)).FirstOrDefault(IsTheSessionsDefault);
            if (stored is null)
            {
                return;
            }

            configId = stored.Id;
            await store.SetStatusAsync(projectId, configId, ModelConfigStatus.Invalid, rejected.Message, CancellationToken.None).ConfigureAwait(false);
            Log.MarkedInvalid(logger, configId);
        }
#pragma warning disable CA1031 // A store fault here must not replace the provider failure the user needs to see.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.MarkFailed(logger, configId ?? "(default)", exception.GetType().Name);
        }
    }

    // The default may have changed since the session opened: only the config the session actually used is marked.
    private bool IsTheSessionsDefault(ModelConfigEntry entry) =>
        entry.IsDefault
        && string.Equals(entry.Provider, sessionConfig.Provider, StringComparison.OrdinalIgnoreCase)
        && string.Equals(entry.Model, sessionConfig.Model, StringComparison.Ordinal)
        && string.Equals(entry.ApiHost, sessionConfig.ApiHost, StringComparison.OrdinalIgnoreCase);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The provider rejected the key of model config {ConfigId}: marked invalid until it validates again")]
        public static partial void MarkedInvalid(ILogger logger, string configId);

        [LoggerMessage(2, LogLevel.Warning, "Marking model config {ConfigId} invalid failed: {ErrorType}")]
        public static partial void MarkFailed(ILogger logger, string configId, string errorType);
    }
}
