namespace WorkerFleet.Runtime;

/// <summary>
/// How much earlier than its due time a wait should end so that waits last as long as asked on
/// average. A wait ends a hop after its timer fires (the waiter thread wakes, the continuation
/// reaches a pool thread): measured 0.38 ms on the 2-core bench machine, on every sleep-handler
/// task, which the benchmarks then counted as fleet overhead. An integral controller: each wait
/// moves the lead by <see cref="Gain"/> x how much longer than asked it lasted (shorter: back),
/// so the mean error goes to zero whatever the machine's hop costs, within [0, <see cref="Max"/>].
/// An error counts at most <see cref="Max"/>: a wait stalled by a GC pause or a first-call JIT
/// moves the lead by Gain x Max, not to Max (which would end the next waits that much early).
/// Thread-safe.
/// </summary>
public sealed class LatenessLead
{
    /// <summary>Converges in a few dozen waits; one outlier moves the lead by at most 0.1 ms.</summary>
    public const double Gain = 0.05;

    /// <summary>More than a hop ever costs when the machine is healthy; caps what a stall can teach.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMilliseconds(2);

    private readonly Lock _gate = new();
    private TimeSpan _lead;

    public TimeSpan Current
    {
        get
        {
            lock (_gate)
            {
                return _lead;
            }
        }
    }

    /// <summary>Learns from one wait that was asked to last <paramref name="asked"/> and lasted <paramref name="lasted"/>.</summary>
    public void Observe(TimeSpan asked, TimeSpan lasted)
    {
        lock (_gate)
        {
            _lead = Clamp(_lead + (Clamp(lasted - asked, -Max, Max) * Gain), TimeSpan.Zero, Max);
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
