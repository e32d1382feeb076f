using WorkerFleet.Cli.Bench;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// One worker of the simulated fleet, shaped like the real one: its own broker queue per level
/// (FIFO, what the hash routed to it), a prefetch window of unacknowledged tasks per level that
/// follows the measured service time as WorkerEngine's does (<see cref="LookaheadPolicy"/>: at
/// least 2 x slots, changed when a completion finds it a factor of two off), and a
/// <see cref="LocalScheduler{T}"/> choosing among the tasks it holds when a slot frees. Tasks are
/// indices into the workload.
/// </summary>
internal sealed class SimulatedWorker(int index, WorkerSpec spec, LookaheadPolicy lookahead)
{
    /// <summary>Weight of the newest service time in the mean the worker keeps (WorkerCounters.EwmaAlpha).</summary>
    internal const double EwmaAlpha = 0.2;

    private readonly Queue<int>[] _queued = [new(), new(), new(), new()];
    private readonly int[] _unacked = new int[4];
    private double _ewmaServiceMs;

    public int Index { get; } = index;

    public WorkerSpec Spec { get; } = spec;

    /// <summary>Tasks delivered to this worker and not started yet (own, stolen and shared).</summary>
    public LocalScheduler<int> Held { get; } = new();

    /// <summary>Tasks on their way to <see cref="Held"/>: delivered by the broker or fetched by a steal, not arrived yet.</summary>
    public int Arriving { get; set; }

    /// <summary>Tasks in the worker's own queues, not yet delivered (what a thief can take).</summary>
    public long QueuedTotal { get; private set; }

    public int Busy { get; set; }

    public StealState Stealing { get; set; }

    /// <summary>Slot-time spent running tasks (virtual ms).</summary>
    public double BusyMs { get; private set; }

    /// <summary>
    /// The service time the worker measures (WorkerCounters.EwmaServiceMs: an exponentially weighted
    /// mean of run times, alpha 0.2), as its heartbeat reports it; null before the first completion.
    /// </summary>
    public double? EwmaServiceMs => _ewmaServiceMs > 0 ? _ewmaServiceMs : null;

    /// <summary>Each own level queue's prefetch: 2 x slots until a completion moves it (WorkerEngine.CheckLookahead).</summary>
    public int Prefetch { get; private set; } = lookahead.Prefetch(spec.Slots, serviceMs: 0);

    /// <summary>The victim this worker may go back to on its own (WorkerEngine's steal lease); null: none.</summary>
    public StealLease? Lease { get; set; }

    /// <summary>How many tasks a steal may bring (WorkerEngine.StealCredit): 2 x slots, running and held together.</summary>
    public int StealCredit => Math.Max(0, (2 * Spec.Slots) - Busy - Held.Count - Arriving);

    /// <summary>The engine's idle signal: nothing held or on its way, and credit for more.</summary>
    public bool WantsWork => Held.Count == 0 && Arriving == 0 && StealCredit > 0;

    public long QueuedAt(TaskLevel level) => _queued[(int)level].Count;

    public void Route(int task, TaskLevel level)
    {
        _queued[(int)level].Enqueue(task);
        QueuedTotal++;
    }

    /// <summary>Takes tasks from the own queues while each level's prefetch window has room: the broker's next deliveries.</summary>
    public List<int> Deliver()
    {
        var delivered = new List<int>();
        var window = Prefetch;
        for (var level = 0; level < _queued.Length; level++)
        {
            while (_unacked[level] < window && _queued[level].TryDequeue(out var task))
            {
                QueuedTotal--;
                _unacked[level]++;
                delivered.Add(task);
            }
        }

        Arriving += delivered.Count;
        return delivered;
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> tasks from the heads of the own queues, from
    /// <paramref name="fromLevel"/> down to low (a thief's basic.gets, as WorkerEngine.StealAsync).
    /// </summary>
    public List<int> Take(TaskLevel fromLevel, int count)
    {
        var taken = new List<int>(Math.Max(0, count));
        for (var level = (int)fromLevel; level < _queued.Length; level++)
        {
            while (taken.Count < count && _queued[level].TryDequeue(out var task))
            {
                taken.Add(task);
            }
        }

        QueuedTotal -= taken.Count;
        return taken;
    }

    /// <summary>
    /// A task finished here; one delivered from the own queues frees a place in its level's prefetch
    /// window. The service time enters the worker's mean, and when the prefetch that mean asks for
    /// is a factor of two off the current one, the level queues take it (the real worker
    /// re-subscribes them; the new consumer starts before the old one stops, so nothing pauses).
    /// </summary>
    public void Finished(TaskLevel level, double serviceMs, bool ownWindow)
    {
        Busy--;
        BusyMs += serviceMs;
        _ewmaServiceMs = _ewmaServiceMs == 0 ? serviceMs : (EwmaAlpha * serviceMs) + ((1 - EwmaAlpha) * _ewmaServiceMs);
        if (ownWindow)
        {
            _unacked[(int)level]--;
        }

        var target = lookahead.Prefetch(Spec.Slots, _ewmaServiceMs);
        if (LookaheadPolicy.ShouldChange(Prefetch, target))
        {
            Prefetch = target;
        }
    }
}
