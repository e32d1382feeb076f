using BenchmarkDotNet.Attributes;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Benchmarks;

/// <summary>
/// One planning round of <see cref="MigrationPlanner"/> over fleets of growing size
/// (<see cref="BenchmarkFleets.Random"/>). Each round uses a fresh planner: a reused one would find
/// every pair cooling down after the first round and plan nothing, which measures the wrong thing.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private WorkerLoad[] _fleet = [];

    [Params(100, 1_000, 10_000)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup() => _fleet = BenchmarkFleets.Random(Workers);

    [Benchmark]
    public Plan Plan() => new MigrationPlanner().Plan(_fleet, BenchmarkFleets.Now);
}
