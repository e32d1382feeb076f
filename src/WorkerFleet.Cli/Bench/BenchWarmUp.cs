using System.Globalization;
using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// What every run submits, and waits for, before its workload: eight tasks per slot of the fleet,
/// each as long as the workload's average task (at most 50 ms), on keys of their own. A fleet in
/// production is warm: without this the first tasks paid the workers' JIT compilation (the first
/// start came 100-160 ms after the first submit, and fewer than a slot's worth started in the
/// first 250 ms), and the service times the balancer and the lookahead go by started from nothing.
/// Their records are not the run's: metrics read only the workload's ids.
/// </summary>
public static class BenchWarmUp
{
    public const string IdPrefix = "warmup-";

    private const int TasksPerSlot = 8;

    private const double LongestMs = 50;

    public static WorkloadFile For(WorkloadFile workload, IReadOnlyList<WorkerSpec> workers)
    {
        var count = TasksPerSlot * workers.Sum(worker => worker.Slots);
        var durationMs = Math.Min(LongestMs, workload.Tasks.Count == 0 ? 0 : workload.Tasks.Average(task => task.DurationMs));
        return new WorkloadFile
        {
            Tasks = Enumerable.Range(0, count).Select(i =>
            {
                var id = IdPrefix + i.ToString(CultureInfo.InvariantCulture);
                return new WorkloadTask { Id = id, Key = id, DurationMs = durationMs, Level = "normal" };
            }).ToList(),
        };
    }
}
