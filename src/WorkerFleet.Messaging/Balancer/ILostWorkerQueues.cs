using WorkerFleet.Scheduling;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>The broker work the balancer does on a silent or lost worker's queues (a seam for harness tests).</summary>
public interface ILostWorkerQueues
{
    /// <summary>
    /// Opens what the other calls use (connection, probe channels) before any is needed: a
    /// worker's loss is the worst moment to pay for it.
    /// </summary>
    Task WarmUpAsync(CancellationToken ct);

    Task UnbindAsync(string workerId, int weight, CancellationToken ct);

    Task RebindAsync(string workerId, int weight, CancellationToken ct);

    Task<IReadOnlyDictionary<TaskLevel, long>> ReadyAsync(string workerId, CancellationToken ct);

    Task<bool> DeleteIfEmptyAsync(string workerId, CancellationToken ct);

    /// <summary>The worker's queues' consumers and ready tasks; null when a queue is missing (nothing to conclude).</summary>
    Task<QueuesProbe?> ProbeAsync(string workerId, CancellationToken ct);
}
