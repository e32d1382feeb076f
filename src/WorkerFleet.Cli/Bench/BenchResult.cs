using System.Text.Json.Serialization;
using WorkerFleet.Cli.Reports;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// One line of <c>fleet bench --json</c> (snake_case; other tools read these names). Every number
/// comes from the journals except lower_bound_s, which is the workload's own bound.
/// </summary>
public sealed record BenchResult
{
    public required string Scenario { get; init; }

    public required string Strategy { get; init; }

    public int Workers { get; init; }

    /// <summary>Slots of each worker.</summary>
    public int Slots { get; init; }

    /// <summary>Tasks submitted.</summary>
    public int Tasks { get; init; }

    /// <summary>Distinct submitted tasks with a completed record.</summary>
    public int Completed { get; init; }

    /// <summary>Submitted tasks never completed (dead-lettered ones included: see <see cref="DeadLettered"/>).</summary>
    public int Lost { get; init; }

    /// <summary>Of <see cref="Lost"/>, tasks that were settled as dead letters.</summary>
    public int DeadLettered { get; init; }

    /// <summary>Executions beyond one per task id.</summary>
    public int Duplicates { get; init; }

    /// <summary>Completed tasks taken from a queue not the worker's own (stolen, drained or from a fallback queue); 0 for shared.</summary>
    public int Migrations { get; init; }

    /// <summary>First submit to last completion.</summary>
    public double MakespanS { get; init; }

    /// <summary>max(sum d / sum(slots x speed), max d / max speed, latest submit_at + its d / max speed).</summary>
    public double LowerBoundS { get; init; }

    public double? MakespanRatio { get; init; }

    /// <summary>
    /// The same bound from the journals: measured busy slot-time over the slots (and the longest
    /// execution). Tasks run longer than planned (a sleep overshoots by a few ms on a busy machine);
    /// makespan / busy_bound_s is the balancing loss alone.
    /// </summary>
    public double BusyBoundS { get; init; }

    /// <summary>
    /// Share of completed tasks run by their key's owner: the worker whose own queue the hash routed
    /// them to; for shared (no owner exists) the worker that ran most of the key's tasks.
    /// </summary>
    public double? AffinityHitRatio { get; init; }

    public double ThroughputPerS { get; init; }

    /// <summary>Jain's index of the workers' utilisation: busy slot-time / (slots x makespan).</summary>
    public double? Jain { get; init; }

    /// <summary>Submit-to-start waits by level, in ms.</summary>
    public IReadOnlyDictionary<string, WaitPercentiles> WaitMs { get; init; } = new Dictionary<string, WaitPercentiles>();

    public IReadOnlyDictionary<string, int> CompletedPerWorker { get; init; } = new Dictionary<string, int>();

    /// <summary>Noop: the raw RabbitMQ.Client loop's messages per second, measured right before this run.</summary>
    public double? RawThroughputPerS { get; init; }

    public double? RatioToRaw { get; init; }

    /// <summary>
    /// Noop: the same raw loop publishing the SDK's messages for this workload through the fleet's
    /// exchanges (<see cref="RawRoute.FleetRoute"/>), measured right before this run: the ceiling
    /// the fleet's routing leaves; throughput / it is the share the worker and balancer keep.
    /// </summary>
    public double? RouteCeilingPerS { get; init; }

    public double? RatioToRoute { get; init; }

    /// <summary>
    /// The machine's 1-minute load average when the run ended (Linux): a run next to other busy
    /// processes on a 2-core machine is slower, and this says so.
    /// </summary>
    [JsonPropertyName("load_avg_1m")]
    public double? LoadAvg1m { get; init; }

    /// <summary>Churn: the worker SIGKILLed mid-run.</summary>
    public string? KilledWorker { get; init; }

    /// <summary>Churn: kill to the first start, on another worker, of a task from the killed worker's queues.</summary>
    public double? RebalanceS { get; init; }

    /// <summary>Churn: kill to the last such start (the killed worker's queues are empty from then on).</summary>
    public double? DrainedS { get; init; }
}
