using WorkerFleet.Scheduling;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>The broker work the balancer does on a silent or lost worker's queues (a seam for harness tests).</summary>
public interface ILostWorkerQueues
{
    Task UnbindAsync(string workerId, int weight, CancellationToken ct);

    Task RebindAsync(string workerId, int weight, CancellationToken ct);

    Task<IReadOnlyDictionary<TaskLevel, long>> ReadyAsync(string workerId, CancellationToken ct);

    Task<bool> DeleteIfEmptyAsync(string workerId, CancellationToken ct);

    /// <summary>Whether any of the worker's queues has a consumer; null when a queue is missing (nothing to conclude).</summary>
    Task<bool?> IsConsumedAsync(string workerId, CancellationToken ct);
}
