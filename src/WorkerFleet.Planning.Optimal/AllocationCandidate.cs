using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Planning.Optimal;

/// <summary>A worker as the model sees it: a victim that may shed tasks or a thief that may take them.</summary>
/// <param name="Worker">Its heartbeat's load.</param>
/// <param name="LoadMs">Expected drain before the plan.</param>
/// <param name="PerTaskMs">Drain one task adds or removes here (service time / slots).</param>
/// <param name="Limit">Most tasks it may shed in all (a victim: its ready tasks) or take in all (a thief: its free slots, within its task cap).</param>
internal sealed record AllocationCandidate(WorkerLoad Worker, double LoadMs, double PerTaskMs, long Limit)
{
    public string Id => Worker.WorkerId;

    /// <summary>Ready + busy: the tasks the load counts, so that load = Holds x PerTaskMs.</summary>
    public long Holds => Worker.ReadyTotal + Worker.BusySlots;
}
