using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace ByokAgent.Testing.Faults;

/// <summary>Tools that fail: one throws, one never returns until its call is cancelled.</summary>
public sealed class FaultyTools
{
    private readonly TaskCompletionSource _hangStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when <see cref="HangAsync"/> has been entered: the turn is now stuck in the tool.</summary>
    public Task HangStarted => _hangStarted.Task;

    /// <summary>Throws, with a stack-trace-like second line that must never reach the model or the caller.</summary>
    [KernelFunction("explode"), Description("Always fails.")]
    public static string Explode() =>
        throw new InvalidOperationException("tool exploded\n   at Faulty.Tools.Explode() in /src/faulty.cs:line 7");

    /// <summary>Never returns; ends only when its call is cancelled.</summary>
    [KernelFunction("hang"), Description("Never answers.")]
    public async Task<string> HangAsync(CancellationToken cancellationToken)
    {
        _hangStarted.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "unreachable";
    }
}
