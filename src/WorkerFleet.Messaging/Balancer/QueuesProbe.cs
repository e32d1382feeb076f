using WorkerFleet.Scheduling;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// One read of a worker's level queues (a passive declare each): whether any has a consumer, and
/// the ready tasks per level, so a worker found lost is drained without asking the broker again.
/// </summary>
public sealed record QueuesProbe(bool Consumed, IReadOnlyDictionary<TaskLevel, long> Ready);
