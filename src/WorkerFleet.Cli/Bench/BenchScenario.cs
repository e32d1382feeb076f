using WorkerFleet.Cli.Workloads;
using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// A built-in bench scenario: the fleet it starts (overridable with --workers and --slots), the
/// workload it generates from a fixed seed, and what else the run does (a crash, a raw ceiling).
/// </summary>
public sealed record BenchScenario
{
    public required string Name { get; init; }

    public required int Workers { get; init; }

    public required int Slots { get; init; }

    /// <summary>Speed factors, repeated over the workers in order (w1 gets the first).</summary>
    public IReadOnlyList<double> Speeds { get; init; } = [1];

    /// <summary>Handler kind every task is submitted as; sleep runs duration_ms, noop ignores it.</summary>
    public string TaskKind { get; init; } = SleepHandler.Kind;

    public required Func<WorkloadFile> Generate { get; init; }

    /// <summary>Churn: ms after the submission starts at which one worker is SIGKILLed and a new one started.</summary>
    public long? KillAtMs { get; init; }

    /// <summary>Noop: also measure a raw RabbitMQ.Client publish/consume loop (the ceiling).</summary>
    public bool MeasuresRawCeiling { get; init; }

    /// <summary>The fewest workers the scenario makes sense with (churn needs a survivor).</summary>
    public int MinWorkers { get; init; } = 1;

    public IReadOnlyList<WorkerSpec> Fleet(int workers, int slots, int? ringWeight = null) =>
        [.. Enumerable.Range(0, workers).Select(i => new WorkerSpec(WorkerId(i), slots, Speeds[i % Speeds.Count], ringWeight))];

    /// <summary>The workload's tasks as submitted in this scenario (its handler kind), due times from <paramref name="now"/>.</summary>
    internal List<ScheduledTask> Schedule(WorkloadFile workload, DateTimeOffset now) =>
        WorkloadTasks.Schedule(workload, now)
            .Select(scheduled => scheduled with { Task = scheduled.Task with { Kind = TaskKind } })
            .ToList();

    /// <summary>Ids w1, w2, ...; index = workers gives the id of a replacement worker.</summary>
    public static string WorkerId(int index) => $"w{index + 1}";
}
