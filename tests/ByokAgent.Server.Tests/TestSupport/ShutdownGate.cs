using Microsoft.Extensions.Hosting;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>
/// A hosted service that holds the host's shutdown open until the test releases it: the window in which a stopping
/// server still receives requests. Stopped before the server itself (hosted services stop in reverse order).
/// </summary>
internal sealed class ShutdownGate : IHostedService
{
    /// <summary>Completes when shutdown has begun and reached this gate.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Complete it to let shutdown go on.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Entered.TrySetResult();
        await Release.Task.WaitAsync(cancellationToken);
    }
}
