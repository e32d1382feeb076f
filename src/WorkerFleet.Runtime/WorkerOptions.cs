using System.Text.RegularExpressions;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

/// <summary>Settings of one worker, bound from the "Worker" configuration section (env: Worker__Slots, ...).</summary>
public sealed partial class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Largest <see cref="RingWeight"/>: the exchange keeps a row per point, and thousands per worker buy no better split.</summary>
    public const int MaxRingWeight = 10_000;

    /// <summary>Names the worker's queues (fleet.w.&lt;id&gt;.&lt;level&gt;); letters, digits, '-' and '_'. Default: the host name.</summary>
    public string Id { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Tasks run at once; with <see cref="Speed"/> also the default <see cref="RingWeight"/>. Default 4.</summary>
    public int Slots { get; set; } = 4;

    /// <summary>
    /// Critical tasks that may run beyond <see cref="Slots"/> while every slot is busy, so a critical
    /// task does not wait for a running task to end. 0 makes critical tasks wait for a slot. Default 1.
    /// </summary>
    public int CriticalHeadroom { get; set; } = 1;

    /// <summary>Relative speed of this worker; the built-in sleep handler divides its duration by it. Default 1.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>
    /// Points this worker's queues take on each level's hash ring (their binding key). Default: its
    /// capacity, slots x speed rounded (at least 1). Only the ratios between workers matter, so a
    /// fleet of equal workers may bind 1 each; a ring of one point, a lone worker's, routes without
    /// hashing, which on RabbitMQ 3.10 saves the broker 5-12 µs per task (docs/benchmarks.md, noop).
    /// </summary>
    public int? RingWeight { get; set; }

    /// <summary>The binding key in force: <see cref="RingWeight"/> when set, else the capacity.</summary>
    public int EffectiveRingWeight => RingWeight ?? FleetTopology.Weight(Slots, Speed);

    /// <summary>
    /// Work a level queue's consumer holds per slot beyond what runs: its prefetch follows the
    /// measured service time (<see cref="LookaheadPolicy"/>), at least 2 x slots. Default 10 ms:
    /// ten times the broker's refill round trip, so short tasks never wait for it; a held task
    /// cannot be stolen, and with 50 ms a victim held its run's longest task for 140 ms while
    /// thieves took the tasks behind it (docs/benchmarks.md, skew).
    /// </summary>
    public TimeSpan LookaheadWindow { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Largest prefetch the window may ask for per level queue, however short the tasks (2 x slots is always allowed). Default 500.</summary>
    public int MaxPrefetch { get; set; } = 500;

    /// <summary>Largest task body accepted; larger ones are dead-lettered as oversize. Default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1 << 20;

    /// <summary>Handler attempts before a failing task is dead-lettered. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubles each retry. Default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest a handler may run; then the task is dead-lettered as timeout. Default 30 s.</summary>
    public TimeSpan TaskTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a heartbeat is published. Default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle worker looks into the fallback queues. Default 250 ms.</summary>
    public TimeSpan FallbackPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an idle worker waits for the balancer's answer to a steal request. Default 1 s.</summary>
    public TimeSpan StealRequestTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause after a steal request that brought nothing, before asking again. Default 100 ms.</summary>
    public TimeSpan StealRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a thief may go back to its last victim on its own (while the victim's queue still
    /// held tasks after the last steal) before it asks the balancer again. 0 asks every time. Default 1 s.
    /// </summary>
    public TimeSpan StealLeaseDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of failed tasks of a kind (within the sampling window) that opens its breaker. Default 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Tasks of a kind in the sampling window before its breaker may open. Default 10.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which a kind's failure ratio is measured. Default 30 s.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker keeps the kind away from this worker. Default 30 s.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a graceful stop waits for running tasks. Default 60 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Queue type of the fleet's queues (classic or quorum). Default classic.</summary>
    public FleetQueueType QueueType { get; set; } = FleetQueueType.Classic;

    /// <summary>
    /// Benchmark baseline only: consume this one queue (competing consumers, prefetch = slots)
    /// instead of the worker's own queues; no fallback draining, no stealing. Default none.
    /// </summary>
    public string? SharedQueue { get; set; }

    /// <summary>When set, one JSON line per finished task is appended here (benchmarks and the demo read it).</summary>
    public string? JournalPath { get; set; }

    /// <summary>Local scheduler settings (level weights, aging, tenant weights).</summary>
    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>The lookahead these settings describe (valid settings only).</summary>
    public LookaheadPolicy Lookahead => new(LookaheadWindow, MaxPrefetch);

    /// <summary>Every rule broken, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!WorkerIdPattern().IsMatch(Id))
        {
            errors.Add($"{Section}:Id '{Id}' must be 1-64 letters, digits, '-' or '_' (it names queues)");
        }

        Require(errors, Slots is >= 1 and <= 1024, "Slots", "must be between 1 and 1024");
        Require(errors, CriticalHeadroom is >= 0 and <= 64, "CriticalHeadroom", "must be between 0 and 64");
        Require(errors, Speed > 0 && double.IsFinite(Speed), "Speed", "must be a positive number");
        Require(errors, RingWeight is null or (>= 1 and <= MaxRingWeight), "RingWeight", $"must be between 1 and {MaxRingWeight}");
        Require(errors, LookaheadWindow > TimeSpan.Zero, "LookaheadWindow", "must be positive");
        Require(errors, MaxPrefetch is >= 2 and <= ushort.MaxValue, "MaxPrefetch", $"must be between 2 and {ushort.MaxValue}");
        Require(errors, MaxBodyBytes >= 256, "MaxBodyBytes", "must be at least 256");
        Require(errors, MaxAttempts >= 1, "MaxAttempts", "must be at least 1");
        Require(errors, RetryBaseDelay >= TimeSpan.Zero, "RetryBaseDelay", "must not be negative");
        Require(errors, TaskTimeout > TimeSpan.Zero, "TaskTimeout", "must be positive");
        Require(errors, HeartbeatInterval > TimeSpan.Zero, "HeartbeatInterval", "must be positive");
        Require(errors, FallbackPollInterval > TimeSpan.Zero, "FallbackPollInterval", "must be positive");
        Require(errors, DrainTimeout > TimeSpan.Zero, "DrainTimeout", "must be positive");
        Require(errors, StealRequestTimeout > TimeSpan.Zero, "StealRequestTimeout", "must be positive");
        Require(errors, StealLeaseDuration >= TimeSpan.Zero, "StealLeaseDuration", "must not be negative");
        Require(errors, StealRetryDelay >= TimeSpan.Zero, "StealRetryDelay", "must not be negative");
        Require(errors, BreakerFailureRatio is > 0 and <= 1, "BreakerFailureRatio", "must be in (0, 1]");
        Require(errors, BreakerMinimumThroughput >= 2, "BreakerMinimumThroughput", "must be at least 2");
        Require(errors, BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), "BreakerSamplingDuration", "must be at least 500 ms");
        Require(errors, BreakerBreakDuration >= TimeSpan.FromMilliseconds(500), "BreakerBreakDuration", "must be at least 500 ms");
        errors.AddRange(Scheduler.Validate().Select(error => $"{Section}:{error}"));
        return errors;
    }

    private static void Require(List<string> errors, bool holds, string setting, string rule)
    {
        if (!holds)
        {
            errors.Add($"{Section}:{setting} {rule}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex WorkerIdPattern();
}
