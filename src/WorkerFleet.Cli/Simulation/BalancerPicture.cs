using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The balancer's picture of the simulated fleet, kept as the real one (FleetPicture) keeps it: each
/// worker as its last heartbeat described it (ready tasks in its own queues per level, busy + held
/// slots, mean service time), minus the steal grants made since. So a thief is sent to a victim
/// whose queue may have emptied since, and does not see one that filled since.
/// </summary>
internal sealed class BalancerPicture
{
    private readonly IReadOnlyList<SimulatedWorker> _workers;
    private readonly long[][] _ready;
    private readonly int[] _busySlots;
    private readonly double?[] _serviceMs;
    private readonly VictimIndex _victims;
    private readonly double _defaultServiceMs;

    /// <summary>Every worker starts as having reported itself idle (workers beat before the workload starts).</summary>
    public BalancerPicture(IReadOnlyList<SimulatedWorker> workers, double defaultServiceMs)
    {
        _workers = workers;
        _ready = [.. workers.Select(_ => new long[TaskLevels.All.Count])];
        _busySlots = new int[workers.Count];
        _serviceMs = new double?[workers.Count];
        _victims = new VictimIndex(workers.Count);
        _defaultServiceMs = defaultServiceMs;
    }

    /// <summary>A heartbeat of <paramref name="worker"/>: the picture of it is now what it is.</summary>
    public void Record(SimulatedWorker worker)
    {
        var index = worker.Index;
        foreach (var level in TaskLevels.All)
        {
            _ready[index][(int)level] = worker.QueuedAt(level);
        }

        _busySlots[index] = Math.Clamp(worker.Busy + worker.Held.Count, 0, worker.Spec.Slots);
        _serviceMs[index] = worker.EwmaServiceMs;
        Reindex(index);
    }

    /// <summary>Books a grant until the next heartbeats: the victim's ready count drops, the thief's busy slots rise.</summary>
    public void Grant(Migration migration, int thief, int victim)
    {
        ref var ready = ref _ready[victim][(int)migration.Level];
        ready = Math.Max(0, ready - migration.Count);
        _busySlots[thief] = Math.Min(_workers[thief].Spec.Slots, _busySlots[thief] + migration.Count);
        Reindex(victim);
        Reindex(thief);
    }

    /// <summary>The picture's view of one worker, as the policies take it.</summary>
    public WorkerLoad Load(int index)
    {
        var spec = _workers[index].Spec;
        var ready = new Dictionary<TaskLevel, long>(1);
        foreach (var level in TaskLevels.All)
        {
            if (_ready[index][(int)level] > 0)
            {
                ready[level] = _ready[index][(int)level];
            }
        }

        return new WorkerLoad
        {
            WorkerId = spec.Id,
            Slots = spec.Slots,
            Speed = spec.Speed,
            BusySlots = _busySlots[index],
            Ready = ready,
            EwmaServiceMs = _serviceMs[index],
        };
    }

    /// <summary>The whole picture (what the planner plans from).</summary>
    public IReadOnlyList<WorkerLoad> Loads() => [.. Enumerable.Range(0, _workers.Count).Select(Load)];

    /// <summary>Up to <paramref name="count"/> workers the picture shows with the longest drain, other than <paramref name="thief"/>.</summary>
    public List<int> Heaviest(int count, int thief) => _victims.Heaviest(count, thief);

    private void Reindex(int index)
    {
        var readyTotal = _ready[index].Sum();
        var spec = _workers[index].Spec;

        // WorkerLoad.ExpectedDrainMs of Load(index), without building the record.
        var serviceMs = _serviceMs[index] ?? (_defaultServiceMs / spec.Speed);
        _victims.Set(index, readyTotal > 0 ? (readyTotal + _busySlots[index]) * serviceMs / spec.Slots : null);
    }
}
