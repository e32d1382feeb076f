namespace WorkerFleet.Scheduling;

/// <summary>
/// How many delivered tasks a worker holds per level queue (its per-consumer prefetch): enough to
/// keep every slot busy for <see cref="Window"/> at the measured service time, so the broker's
/// refill round trip hides behind running work when tasks are short; never fewer than 2 x slots,
/// the lookahead that lets the local scheduler choose a critical task over a low one; the window
/// raises it to at most <see cref="Max"/>.
/// </summary>
/// <remarks>
/// Holding is bounded in time, not in count, because time is what a balancer could move: a worker
/// holding <see cref="Window"/> of work per slot hides at most that much from stealing, whether its
/// tasks take 20 µs or 20 ms (by the service time it measured: behind a long task, held work is
/// longer). With a fixed 2 x slots a 16-slot worker running no-op tasks waited for the broker most of
/// the time (docs/benchmarks.md, noop).
/// </remarks>
public sealed class LookaheadPolicy
{
    /// <param name="window">Work held per slot beyond the running task (> 0).</param>
    /// <param name="max">Largest prefetch, 2 to 65,535 (AMQP's limit).</param>
    public LookaheadPolicy(TimeSpan window, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(max, ushort.MaxValue);
        Window = window;
        Max = max;
    }

    public TimeSpan Window { get; }

    public int Max { get; }

    /// <summary>The prefetch for <paramref name="slots"/> slots at <paramref name="serviceMs"/> per task (0 or less: not measured yet).</summary>
    public int Prefetch(int slots, double serviceMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var floor = 2 * slots;
        if (!(serviceMs > 0) || !double.IsFinite(serviceMs))
        {
            return floor;
        }

        var covering = Math.Ceiling(slots * Window.TotalMilliseconds / serviceMs);
        return (int)Math.Max(floor, Math.Min(covering, Max));
    }

    /// <summary>
    /// Whether a worker at <paramref name="current"/> should move to <paramref name="target"/>: only
    /// when they differ by a factor of two or more, so noise in the service time does not make the
    /// worker re-subscribe its queues every time it looks.
    /// </summary>
    public static bool ShouldChange(int current, int target) => target >= 2 * current || 2 * target <= current;
}
