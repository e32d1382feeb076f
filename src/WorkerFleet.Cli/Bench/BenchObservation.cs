using WorkerFleet.Cli.Workloads;
using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Bench;

/// <summary>What one strategy's run produced: the fleet, the workload it was sent and what the workers journaled.</summary>
public sealed record BenchObservation
{
    public required string Scenario { get; init; }

    public required string Strategy { get; init; }

    /// <summary>The workers started before the submission.</summary>
    public required IReadOnlyList<WorkerSpec> Workers { get; init; }

    /// <summary>Workers started during the run (churn's replacement).</summary>
    public IReadOnlyList<WorkerSpec> Joined { get; init; } = [];

    public required IReadOnlyList<WorkloadTask> Tasks { get; init; }

    /// <summary>Every journal record of the run, duplicates included.</summary>
    public required IReadOnlyList<ExecutionRecord> Records { get; init; }

    public WorkerKill? Kill { get; init; }
}
