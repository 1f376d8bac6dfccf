using BenchmarkDotNet.Running;
using ByokAgent.Benchmarks.Runtime;

// BenchmarkDotNet suites: dotnet run -c Release --project bench/ByokAgent.Benchmarks -- --filter '*'
// Latency percentiles (runtime vs bare HttpClient): ... -- latency [calls]
// byok start-up wall time: ... -- startup PATH/TO/byok.dll [runs]
// POST /v1/agent load: ... -- load PATH/TO/ByokAgent.Server.dll [seconds-per-step] [data-root] [--postgres CONNECTION-STRING]
// Server memory (stored sessions, concurrent streams): ... -- memory PATH/TO/ByokAgent.Server.dll [streams] [sessions]
// Soak with injected provider faults, then every acknowledged turn checked in the store: ... -- soak PATH/TO/ByokAgent.Server.dll [clients] [seconds] [sessions] [fault-percent]

return args.FirstOrDefault() switch
{
    "latency" => await LatencyLoop.RunAsync(args),
    "startup" => await StartupProbe.RunAsync(args),
    "load" => await LoadProbe.RunAsync(args),
    "memory" => await MemoryProbe.RunAsync(args),
    "soak" => await SoakProbe.RunAsync(args),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
