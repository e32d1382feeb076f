using BenchmarkDotNet.Attributes;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Benchmarks;

/// <summary>
/// One planning round of <see cref="MigrationPlanner"/> over fleets of growing size. Each round uses
/// a fresh planner: a reused one would find every pair cooling down after the first round and plan
/// nothing, which measures the wrong thing.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private WorkerLoad[] _fleet = [];

    [Params(100, 1_000, 10_000)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Fixed seed: every run plans the same fleets. A fifth of the workers are hot spots of the
        // affinity hash with deep backlogs, the rest light; a few are draining or still unsampled.
        var random = new Random(20250101);
        _fleet = new WorkerLoad[Workers];
        for (var i = 0; i < Workers; i++)
        {
            var slots = 1 << random.Next(0, 5);
            var depth = random.Next(5) == 0 ? 400 : 20;
            _fleet[i] = new WorkerLoad
            {
                WorkerId = $"w{i}",
                Slots = slots,
                Speed = random.Next(4) == 0 ? 2 : 1,
                BusySlots = random.Next(slots + 1),
                EwmaServiceMs = random.Next(10) == 0 ? null : random.Next(5, 200),
                Accepting = random.Next(50) != 0,
                Ready = TaskLevels.All.ToDictionary(level => level, _ => (long)random.Next(depth)),
            };
        }
    }

    [Benchmark]
    public Plan Plan() => new MigrationPlanner().Plan(_fleet, Now);
}
