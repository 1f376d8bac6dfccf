using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ByokAgent.Benchmarks.Browser;

/// <summary>
/// A short job run in process: a browser operation takes milliseconds to seconds, so a few iterations give a stable
/// mean, and running in process spares BenchmarkDotNet's generated project a rebuild of the whole solution.
/// </summary>
internal sealed class BrowserBenchmarkConfig : ManualConfig
{
    public BrowserBenchmarkConfig() =>
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(5)
            .WithId("BrowserShort"));
}
