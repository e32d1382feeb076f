using WorkerFleet.Runtime;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// What the real fleet costs beyond the policies: how much longer a task runs than asked, how long
/// a slot stays empty between tasks, how slow the broker and the balancer answer, how old the
/// balancer's picture is. The costs' defaults are the pooled means over six bench runs on the bench
/// machine with the worker of the sixth round (10 ms lookahead window; 3 x skew, 3 x hetero, four
/// strategies each, load 2.5-5.9, nothing else running), measured from their journals by
/// <c>fleet simulate --calibrate</c> (<see cref="ModelCalibration"/>); the intervals, the lease and
/// the lookahead are the worker's and the bench's settings. One set for every scenario: none is
/// tuned per scenario.
/// </summary>
public sealed record SimulationModel
{
    // The worker's own defaults, so the simulator cannot drift from them.
    private static readonly WorkerOptions WorkerDefaults = new();

    /// <summary>
    /// Added to every execution: a sleep of d ms runs d / speed + this: the executor's own steps and
    /// the wait for a core around the sleep. Default 0.09 ms (0.13 ms in the fifth round), since the
    /// sleep ends early by its learnt hop (LatenessLead; 0.38 ms before, 0.48 ms before the waiter
    /// woke only for earlier due times, 4.7 ms while the worker's threads still spun and its JIT
    /// recompiled in the background).
    /// </summary>
    public double OvershootMs { get; init; } = 0.09;

    /// <summary>
    /// From a task's end to its slot starting the next held task: ack, journal line, dispatch, and
    /// now and then the next delivery. Default 0.21 ms (0.16 ms with the 50 ms lookahead window,
    /// 0.24 ms with the reflection-serialised journal line, 0.39 ms while every freed slot went back
    /// through the dispatch loop).
    /// </summary>
    public double RefillMs { get; init; } = 0.21;

    /// <summary>
    /// From a place freeing in a prefetch window (an ack, or a new consumer) to the broker's next
    /// message being held by the worker. Hidden by the own queues' lookahead (at least 2 x slots,
    /// <see cref="LookaheadPolicy"/>); on the critical path of <c>shared</c> (prefetch = slots). Default 0.53 ms.
    /// </summary>
    public double DeliveryMs { get; init; } = 0.53;

    /// <summary>
    /// Round trip of a steal request: the thief's request to the balancer and its answer back (a
    /// planned order, sent one way, takes half); a steal on a lease does not pay it. Measured on the
    /// few first steals from a new victim (19 in six runs, hence rough). Default 18.0 ms.
    /// </summary>
    public double StealRequestMs { get; init; } = 18.0;

    /// <summary>One basic.get of a stolen task from the victim's queue (one per task, in turn). Default 0.71 ms.</summary>
    public double StealFetchMs { get; init; } = 0.71;

    /// <summary>A thief whose steal brought nothing waits this long before it asks again (WorkerOptions.StealRetryDelay). Default 100 ms.</summary>
    public double StealRetryDelayMs { get; init; } = 100;

    /// <summary>
    /// Every worker reports its queues, busy slots and held tasks this often (the bench's 250 ms);
    /// the balancer decides from the last report, minus the grants it made since. Default 250 ms.
    /// </summary>
    public double HeartbeatIntervalMs { get; init; } = 250;

    /// <summary>The planner of <c>adaptive</c> runs this often (the bench's balance interval). Default 500 ms.</summary>
    public double BalanceIntervalMs { get; init; } = 500;

    /// <summary>
    /// How long a thief may go back to the victim of its last steal on its own, while that steal
    /// left the victim's queue non-empty (WorkerOptions.StealLeaseDuration; 0: never). Default 1,000 ms.
    /// </summary>
    public double StealLeaseDurationMs { get; init; } = WorkerDefaults.StealLeaseDuration.TotalMilliseconds;

    /// <summary>Work each level queue's prefetch covers per slot at the measured service time (WorkerOptions.LookaheadWindow). Default 10 ms.</summary>
    public double LookaheadWindowMs { get; init; } = WorkerDefaults.LookaheadWindow.TotalMilliseconds;

    /// <summary>Largest prefetch the lookahead window may ask for (WorkerOptions.MaxPrefetch). Default 500.</summary>
    public int MaxPrefetch { get; init; } = WorkerDefaults.MaxPrefetch;

    /// <summary>The own level queues' prefetch policy these settings describe (valid settings only).</summary>
    public LookaheadPolicy Lookahead() => new(TimeSpan.FromMilliseconds(LookaheadWindowMs), MaxPrefetch);

    /// <summary>Every broken rule, each naming its setting; empty when the model is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        (string Name, double Ms)[] costs =
        [
            (nameof(OvershootMs), OvershootMs), (nameof(RefillMs), RefillMs), (nameof(DeliveryMs), DeliveryMs),
            (nameof(StealRequestMs), StealRequestMs), (nameof(StealFetchMs), StealFetchMs), (nameof(StealLeaseDurationMs), StealLeaseDurationMs),
        ];
        foreach (var (name, ms) in costs)
        {
            // !(x >= 0) also rejects NaN.
            if (!(ms >= 0) || double.IsInfinity(ms))
            {
                errors.Add($"{name} must be a finite number >= 0");
            }
        }

        // Periods of zero would repeat an event at the same virtual instant for ever.
        (string Name, double Ms)[] periods =
        [
            (nameof(StealRetryDelayMs), StealRetryDelayMs), (nameof(HeartbeatIntervalMs), HeartbeatIntervalMs), (nameof(BalanceIntervalMs), BalanceIntervalMs),
        ];
        foreach (var (name, ms) in periods)
        {
            if (!(ms > 0) || double.IsInfinity(ms))
            {
                errors.Add($"{name} must be a finite number > 0");
            }
        }

        if (!(LookaheadWindowMs > 0) || double.IsInfinity(LookaheadWindowMs))
        {
            errors.Add($"{nameof(LookaheadWindowMs)} must be a finite number > 0");
        }

        if (MaxPrefetch is < 2 or > ushort.MaxValue)
        {
            errors.Add($"{nameof(MaxPrefetch)} must be between 2 and {ushort.MaxValue}");
        }

        return errors;
    }

    /// <summary>
    /// No overshoot and no latency: tasks run exactly as long as asked, nothing waits on the broker
    /// or the balancer. The picture is still as old as the last heartbeat.
    /// </summary>
    public static SimulationModel Free { get; } = new()
    {
        OvershootMs = 0,
        RefillMs = 0,
        DeliveryMs = 0,
        StealRequestMs = 0,
        StealFetchMs = 0,
    };
}
