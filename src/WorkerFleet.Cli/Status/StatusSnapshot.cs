using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Status;

/// <summary>What one status command heard and read.</summary>
/// <param name="Workers">The latest heartbeat of each worker heard, with seconds since it arrived.</param>
/// <param name="Config">The balancer's latest announcement of its settings; null when no balancer was heard.</param>
/// <param name="Unrouted">Ready tasks in each level's fallback queue; null for a queue that does not exist.</param>
/// <param name="Dead">Ready tasks in the dead-letter queue; null when it does not exist.</param>
/// <param name="ListenedMs">How long the command listened.</param>
internal sealed record StatusSnapshot(
    IReadOnlyList<(WorkerHeartbeat Heartbeat, double SecondsAgo)> Workers,
    FleetConfigChanged? Config,
    IReadOnlyDictionary<string, long?> Unrouted,
    long? Dead,
    int ListenedMs);
