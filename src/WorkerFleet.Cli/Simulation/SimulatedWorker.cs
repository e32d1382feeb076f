using WorkerFleet.Cli.Bench;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// One worker of the simulated fleet, shaped like the real one: its own broker queue per level
/// (FIFO, what the hash routed to it), a prefetch window of 2 x slots unacknowledged tasks per
/// level (as WorkerEngine consumes), and a <see cref="LocalScheduler{T}"/> choosing among the
/// tasks it holds when a slot frees. Tasks are indices into the workload.
/// </summary>
internal sealed class SimulatedWorker(int index, WorkerSpec spec)
{
    private readonly Queue<int>[] _queued = [new(), new(), new(), new()];
    private readonly int[] _unacked = new int[4];

    public int Index { get; } = index;

    public WorkerSpec Spec { get; } = spec;

    /// <summary>Tasks delivered to this worker and not started yet (own and stolen).</summary>
    public LocalScheduler<int> Held { get; } = new();

    /// <summary>Tasks in the worker's own queues, not yet delivered (what a thief can take).</summary>
    public long QueuedTotal { get; private set; }

    public int Busy { get; set; }

    /// <summary>A steal of this worker is on its way: it asks for no other meanwhile.</summary>
    public bool Stealing { get; set; }

    /// <summary>Idle, with nothing to steal when it last asked: waits for new work to arrive somewhere.</summary>
    public bool Parked { get; set; }

    /// <summary>Slot-time spent running tasks (virtual ms).</summary>
    public double BusyMs { get; private set; }

    /// <summary>The key this worker has in the victim index, or null while it is not in it.</summary>
    public double? VictimKey { get; set; }

    private double ServiceSumMs { get; set; }

    private int ServiceCount { get; set; }

    /// <summary>Mean service time of the tasks it completed: the heartbeat's EwmaServiceMs; null before the first.</summary>
    public double? MeanServiceMs => ServiceCount > 0 ? ServiceSumMs / ServiceCount : null;

    public bool Idle => Busy < Spec.Slots && Held.Count == 0 && QueuedTotal == 0;

    public void Route(int task, TaskLevel level)
    {
        _queued[(int)level].Enqueue(task);
        QueuedTotal++;
    }

    /// <summary>Moves tasks from the own queues into the scheduler while the level's prefetch window has room.</summary>
    public void Deliver(Func<int, SchedulingInfo> info, DateTimeOffset now)
    {
        var window = 2 * Spec.Slots;
        for (var level = 0; level < _queued.Length; level++)
        {
            while (_unacked[level] < window && _queued[level].TryDequeue(out var task))
            {
                QueuedTotal--;
                _unacked[level]++;
                Held.Enqueue(task, info(task), now);
            }
        }
    }

    /// <summary>Takes up to <paramref name="count"/> tasks from the head of one own queue (a thief's remote consume).</summary>
    public int[] Take(TaskLevel level, int count)
    {
        var queue = _queued[(int)level];
        var taken = new int[Math.Min(count, queue.Count)];
        for (var i = 0; i < taken.Length; i++)
        {
            taken[i] = queue.Dequeue();
        }

        QueuedTotal -= taken.Length;
        return taken;
    }

    /// <summary>A task finished here; an own one (not stolen) frees a place in its level's prefetch window.</summary>
    public void Finished(TaskLevel level, double serviceMs, bool own)
    {
        Busy--;
        BusyMs += serviceMs;
        ServiceSumMs += serviceMs;
        ServiceCount++;
        if (own)
        {
            _unacked[(int)level]--;
        }
    }

    /// <summary>The view the steal policy decides from: ready = own queued tasks per level.</summary>
    public WorkerLoad ToLoad()
    {
        var ready = new Dictionary<TaskLevel, long>(2);
        for (var level = 0; level < _queued.Length; level++)
        {
            if (_queued[level].Count > 0)
            {
                ready[(TaskLevel)level] = _queued[level].Count;
            }
        }

        return new WorkerLoad
        {
            WorkerId = Spec.Id,
            Slots = Spec.Slots,
            Speed = Spec.Speed,
            BusySlots = Busy,
            Ready = ready,
            EwmaServiceMs = MeanServiceMs,
        };
    }
}
