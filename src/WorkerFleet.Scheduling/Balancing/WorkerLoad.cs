using System.Collections.Frozen;

namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// One worker's load as its last heartbeat told it: what the balancer's policies decide from.
/// </summary>
/// <remarks>
/// The load of a worker is its expected drain time: how long its slots need to finish what it
/// holds and what waits in its queues, (ready + busy) x service time / slots. Invalid values throw
/// on construction so the policies' arithmetic never meets a zero slot count or a negative count.
/// </remarks>
public sealed record WorkerLoad
{
    public required string WorkerId { get; init; }

    /// <summary>Executor slots (>= 1).</summary>
    public required int Slots
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Slots), value, "a worker has at least one slot");
    }

    /// <summary>
    /// Relative speed of the worker's slots (> 0). Default 1. Only used while it has no service time
    /// sample: a measured <see cref="EwmaServiceMs"/> already reflects its speed.
    /// </summary>
    public double Speed
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(Speed), value, "speed must be a finite number > 0");
    } = 1;

    /// <summary>Slots running a task now (>= 0).</summary>
    public int BusySlots
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(BusySlots), value, "busy slots must be >= 0");
    }

    /// <summary>Ready tasks waiting in the worker's own queues, per level (a missing level has none).</summary>
    public IReadOnlyDictionary<TaskLevel, long> Ready
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            long total = 0;
            foreach (var (level, count) in value)
            {
                if (count < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(Ready), count, $"ready count of level {level} must be >= 0");
                }

                total += count;
            }

            field = value;
            ReadyTotal = total;
        }
    } = FrozenDictionary<TaskLevel, long>.Empty;

    /// <summary>Ready tasks over all levels.</summary>
    public long ReadyTotal { get; private init; }

    /// <summary>
    /// Moving average of the worker's task service time in ms (>= 0), or null while it has no sample.
    /// </summary>
    public double? EwmaServiceMs
    {
        get;
        init => field = value is null || (value >= 0 && double.IsFinite(value.Value))
            ? value
            : throw new ArgumentOutOfRangeException(nameof(EwmaServiceMs), value, "service time must be a finite number >= 0");
    }

    /// <summary>
    /// False while the worker drains or is suspect: it is then neither a thief nor given work, and
    /// its backlog is left to the drain orders of its lifecycle. Default true.
    /// </summary>
    public bool Accepting { get; init; } = true;

    /// <summary>Task kinds whose circuit breaker is open on this worker: kinds it cannot run now.</summary>
    public IReadOnlySet<string> OpenBreakers
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(OpenBreakers));
    } = FrozenSet<string>.Empty;

    /// <summary>Slots not running a task: how many tasks it can take at once (credit = free slots).</summary>
    public int FreeSlots => Math.Max(0, Slots - BusySlots);

    public long ReadyAt(TaskLevel level) => Ready.TryGetValue(level, out var count) ? count : 0;

    /// <summary>
    /// Service time of one task here: the measured average, else the fleet default scaled by speed.
    /// </summary>
    /// <param name="defaultServiceMs">Fleet default for a speed-1 worker (<see cref="BalancingOptions.DefaultServiceMs"/>).</param>
    public double ServiceMs(double defaultServiceMs) => EwmaServiceMs ?? (defaultServiceMs / Speed);

    /// <summary>
    /// Drain time one task adds here: its service time spread over the slots. Moving k tasks away
    /// shortens <see cref="ExpectedDrainMs"/> by k times this.
    /// </summary>
    public double PerTaskMs(double defaultServiceMs) => ServiceMs(defaultServiceMs) / Slots;

    /// <summary>(ready + busy) x service time / slots: how long until this worker is idle if nothing arrives.</summary>
    public double ExpectedDrainMs(double defaultServiceMs) => (ReadyTotal + BusySlots) * PerTaskMs(defaultServiceMs);
}
