using System.Collections.Concurrent;
using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Messaging.Tests;

/// <summary>Records what the balancer did to lost workers' queues; the broker is not involved.</summary>
internal sealed class RecordingLostWorkerQueues : ILostWorkerQueues
{
    public ConcurrentQueue<(string Action, string WorkerId, int Weight)> Calls { get; } = new();

    public Task WarmUpAsync(CancellationToken ct)
    {
        Calls.Enqueue(("warm-up", string.Empty, 0));
        return Task.CompletedTask;
    }

    public Task UnbindAsync(string workerId, int weight, CancellationToken ct)
    {
        Calls.Enqueue(("unbind", workerId, weight));
        return Task.CompletedTask;
    }

    public Task RebindAsync(string workerId, int weight, CancellationToken ct)
    {
        Calls.Enqueue(("rebind", workerId, weight));
        return Task.CompletedTask;
    }

    /// <summary>Ready normal tasks in a worker's queues (none unless set).</summary>
    public ConcurrentDictionary<string, long> ReadyNormal { get; } = new();

    public Task<IReadOnlyDictionary<TaskLevel, long>> ReadyAsync(string workerId, CancellationToken ct)
    {
        Calls.Enqueue(("ready", workerId, 0));
        return Task.FromResult<IReadOnlyDictionary<TaskLevel, long>>(Ready(workerId));
    }

    /// <summary>Workers whose queues the broker shows without consumers (a killed process).</summary>
    public ConcurrentDictionary<string, bool> Unconsumed { get; } = new();

    public Task<QueuesProbe?> ProbeAsync(string workerId, CancellationToken ct)
    {
        Calls.Enqueue(("probe", workerId, 0));
        return Task.FromResult<QueuesProbe?>(new QueuesProbe(!Unconsumed.ContainsKey(workerId), Ready(workerId)));
    }

    public Task<bool> DeleteIfEmptyAsync(string workerId, CancellationToken ct)
    {
        Calls.Enqueue(("delete", workerId, 0));
        return Task.FromResult(true);
    }

    private Dictionary<TaskLevel, long> Ready(string workerId) =>
        TaskLevels.All.ToDictionary(level => level, level => level == TaskLevel.Normal ? ReadyNormal.GetValueOrDefault(workerId) : 0L);
}
