using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Benchmarks;

/// <summary>
/// The fleets the planning benchmarks plan, built in one place so that <see cref="PlannerBenchmarks"/>
/// and <see cref="CpSatBenchmarks"/> plan the same fleets and their numbers compare.
/// </summary>
internal static class BenchmarkFleets
{
    /// <summary>The time of every benchmarked round (cooldowns are measured from it).</summary>
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A fixed-seed random fleet: every run plans the same fleets. A fifth of the workers are hot
    /// spots of the affinity hash with deep backlogs, the rest light; a few are draining or still
    /// unsampled. Slots 1-16, a quarter twice as fast, no caps, kinds or open breakers.
    /// </summary>
    public static WorkerLoad[] Random(int workers)
    {
        var random = new Random(20250101);
        var fleet = new WorkerLoad[workers];
        for (var i = 0; i < workers; i++)
        {
            var slots = 1 << random.Next(0, 5);
            var depth = random.Next(5) == 0 ? 400 : 20;
            fleet[i] = new WorkerLoad
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

        return fleet;
    }
}
