namespace WorkerFleet.Transport;

/// <summary>
/// Type of the fleet's durable queues. Classic by default; quorum replicates across a cluster
/// (no per-message priority is needed since every level has its own queue).
/// </summary>
public enum FleetQueueType
{
    Classic,
    Quorum,
}
