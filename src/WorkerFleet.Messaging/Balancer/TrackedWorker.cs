using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>What the balancer knows of one worker: its last heartbeat, when it came, its lifecycle.</summary>
internal sealed class TrackedWorker(WorkerHeartbeat heartbeat, DateTimeOffset seen)
{
    public WorkerHeartbeat Heartbeat { get; set; } = heartbeat;

    public DateTimeOffset LastSeen { get; set; } = seen;

    public string Lifecycle { get; set; } = WorkerLifecycleStates.Joining;

    /// <summary>Tasks granted to thieves since the last heartbeat, subtracted from its ready counts.</summary>
    public Dictionary<TaskLevel, long> Granted { get; } = [];
}
