namespace ByokAgent.Testing.Faults;

/// <summary>The <see cref="FakeReply.Latency"/> fault: time to first byte.</summary>
internal static class ReplyLatency
{
    /// <summary>Waits before the response starts; throws <see cref="OperationCanceledException"/> when aborted.</summary>
    /// <remarks>
    /// A timer, never a sleeping thread, so hundreds of slow replies cost nothing; the abort token ends the wait as
    /// soon as the client gives up (a timeout test) or the provider is disposed.
    /// </remarks>
    public static Task WaitAsync(TimeSpan latency, CancellationToken aborted) =>
        latency > TimeSpan.Zero ? Task.Delay(latency, aborted) : Task.CompletedTask;
}
