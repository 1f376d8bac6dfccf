using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ByokAgent.Benchmarks.Runtime;

/// <summary>
/// Short in-process job (1 launch, 3 warm-up, 10 measured iterations; in process so BenchmarkDotNet does not rebuild
/// the solution), P50/P95/Max columns over the iteration means, and the memory diagnoser. Turn suites fix 64
/// invocations per iteration with unroll 1, because their IterationSetup opens one fresh session per invocation.
/// </summary>
public class RuntimeBenchmarkConfig : ManualConfig
{
    public RuntimeBenchmarkConfig()
        : this(perIterationSessions: true)
    {
    }

    protected RuntimeBenchmarkConfig(bool perIterationSessions)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("RuntimeShort");
        if (perIterationSessions)
        {
            job = job.WithInvocationCount(64).WithUnrollFactor(1);
        }

        AddJob(job);
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>The same short job with BenchmarkDotNet choosing the invocation count (no per-invocation setup).</summary>
public sealed class StoreBenchmarkConfig : RuntimeBenchmarkConfig
{
    public StoreBenchmarkConfig()
        : base(perIterationSessions: false)
    {
    }
}
