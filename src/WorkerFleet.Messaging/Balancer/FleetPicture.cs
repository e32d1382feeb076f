using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;
using WorkerFleet.Transport;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// The balancer's soft state: the latest heartbeat and lifecycle of every worker. Rebuilt from
/// heartbeats after a restart or a takeover, so nothing of it is persisted. Between heartbeats it
/// subtracts what it granted to thieves, so two idle workers are not sent for the same tasks.
/// </summary>
public sealed class FleetPicture
{
    private readonly Dictionary<string, TrackedWorker> _workers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _workers.Count;
            }
        }
    }

    public void Record(WorkerHeartbeat heartbeat, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_workers.TryGetValue(heartbeat.WorkerId, out var worker))
            {
                worker.Heartbeat = heartbeat;
                worker.LastSeen = now;
                worker.Granted.Clear();
            }
            else
            {
                _workers[heartbeat.WorkerId] = new TrackedWorker(heartbeat, now);
            }
        }
    }

    public void SetLifecycle(string workerId, string lifecycle)
    {
        lock (_gate)
        {
            if (_workers.TryGetValue(workerId, out var worker))
            {
                worker.Lifecycle = lifecycle;
            }
        }
    }

    public void Remove(string workerId)
    {
        lock (_gate)
        {
            _workers.Remove(workerId);
        }
    }

    /// <summary>The worker's hash-ring weight from its last heartbeat (1 when unknown).</summary>
    public int WeightOf(string workerId)
    {
        lock (_gate)
        {
            return _workers.TryGetValue(workerId, out var worker) ? RingWeightOf(worker.Heartbeat) : 1;
        }
    }

    /// <summary>The binding key the worker's queues carry: as reported, or its capacity from a worker that does not report it.</summary>
    public static int RingWeightOf(WorkerHeartbeat heartbeat) =>
        heartbeat.RingWeight > 0 ? heartbeat.RingWeight : FleetTopology.Weight(heartbeat.Slots, heartbeat.Speed);

    /// <summary>The worker's lifecycle (null when unknown).</summary>
    public string? LifecycleOf(string workerId)
    {
        lock (_gate)
        {
            return _workers.TryGetValue(workerId, out var worker) ? worker.Lifecycle : null;
        }
    }

    /// <summary>Workers in <paramref name="lifecycle"/> with their last heartbeat.</summary>
    public IReadOnlyList<WorkerHeartbeat> InLifecycle(string lifecycle)
    {
        lock (_gate)
        {
            return _workers.Values.Where(w => w.Lifecycle == lifecycle).Select(w => w.Heartbeat).ToList();
        }
    }

    /// <summary>The latest heartbeat of every worker but <paramref name="workerId"/> and the lost ones.</summary>
    public IReadOnlyList<WorkerHeartbeat> LiveHeartbeatsExcept(string workerId)
    {
        lock (_gate)
        {
            return _workers.Values
                .Where(w => w.Lifecycle != WorkerLifecycleStates.Lost && !string.Equals(w.Heartbeat.WorkerId, workerId, StringComparison.Ordinal))
                .Select(w => w.Heartbeat).ToList();
        }
    }

    /// <summary>(worker, lifecycle, silent for) of every tracked worker.</summary>
    public IReadOnlyList<(string WorkerId, string Lifecycle, TimeSpan SilentFor)> Silence(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _workers.Values.Select(w => (w.Heartbeat.WorkerId, w.Lifecycle, now - w.LastSeen)).ToList();
        }
    }

    /// <summary>The core's view of the fleet: only joining and active workers accept work.</summary>
    public IReadOnlyList<WorkerLoad> Loads()
    {
        lock (_gate)
        {
            return _workers.Values.Where(w => w.Lifecycle != WorkerLifecycleStates.Lost).Select(ToLoad).ToList();
        }
    }

    /// <summary>Books a grant: the victim's ready count drops until its next heartbeat; the thief's free slots too.</summary>
    public void Grant(Migration migration)
    {
        lock (_gate)
        {
            if (_workers.TryGetValue(migration.VictimId, out var victim))
            {
                victim.Granted[migration.Level] = victim.Granted.GetValueOrDefault(migration.Level) + migration.Count;
            }

            if (_workers.TryGetValue(migration.ThiefId, out var thief))
            {
                thief.Heartbeat = thief.Heartbeat with { BusySlots = Math.Min(thief.Heartbeat.Slots, thief.Heartbeat.BusySlots + migration.Count) };
            }
        }
    }

    private static WorkerLoad ToLoad(TrackedWorker worker)
    {
        var beat = worker.Heartbeat;
        var ready = new Dictionary<TaskLevel, long>();
        foreach (var (name, count) in beat.ReadyByLevel)
        {
            if (TaskLevels.TryParse(name, out var level))
            {
                ready[level] = Math.Max(0, count - worker.Granted.GetValueOrDefault(level));
            }
        }

        return new WorkerLoad
        {
            WorkerId = beat.WorkerId,
            Slots = Math.Max(1, beat.Slots),
            Speed = beat.Speed > 0 ? beat.Speed : 1,
            BusySlots = Math.Clamp(beat.BusySlots + beat.HeldLocally, 0, Math.Max(1, beat.Slots)),
            Ready = ready,
            EwmaServiceMs = beat.EwmaServiceMs > 0 ? beat.EwmaServiceMs : null,
            Accepting = worker.Lifecycle is WorkerLifecycleStates.Joining or WorkerLifecycleStates.Active,
            OpenBreakers = beat.OpenBreakers.ToHashSet(StringComparer.Ordinal),
        };
    }
}
