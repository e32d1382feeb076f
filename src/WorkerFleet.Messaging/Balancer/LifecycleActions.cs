using Microsoft.Extensions.Logging;
using WorkerFleet.Contracts;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>What the lifecycle transitions do: keep the picture, and unbind or rebind queues.</summary>
public sealed partial class LifecycleActions(FleetPicture picture, ILostWorkerQueues queues, TimeProvider clock, ILogger<LifecycleActions> logger)
{
    public void Record(WorkerLifecycle saga, WorkerHeartbeat heartbeat, string lifecycle)
    {
        saga.WorkerId = heartbeat.WorkerId;
        saga.LastSequence = heartbeat.Sequence;
        picture.Record(heartbeat, clock.GetUtcNow());
        picture.SetLifecycle(heartbeat.WorkerId, lifecycle);
    }

    public void SetLifecycle(WorkerLifecycle saga, string lifecycle)
    {
        picture.SetLifecycle(saga.WorkerId, lifecycle);
        LogLifecycle(saga.WorkerId, lifecycle);
    }

    public void Forget(WorkerLifecycle saga)
    {
        picture.Remove(saga.WorkerId);
        LogLifecycle(saga.WorkerId, "Gone");
    }

    /// <summary>A lost worker: no new task may reach its queues; peers will drain them.</summary>
    public async Task LoseAsync(WorkerLifecycle saga)
    {
        // Unbind first: if it fails the saga stays Suspect and the next silence report retries.
        await queues.UnbindAsync(saga.WorkerId, picture.WeightOf(saga.WorkerId), CancellationToken.None);
        SetLifecycle(saga, WorkerLifecycleStates.Lost);
    }

    /// <summary>A lost worker beats again: it gets its queues back.</summary>
    public async Task ReclaimAsync(WorkerLifecycle saga, WorkerHeartbeat heartbeat)
    {
        Record(saga, heartbeat, WorkerLifecycleStates.Active);
        await queues.RebindAsync(heartbeat.WorkerId, FleetPicture.RingWeightOf(heartbeat), CancellationToken.None);
        LogLifecycle(saga.WorkerId, "Reclaimed");
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Worker {WorkerId} is now {Lifecycle}")]
    private partial void LogLifecycle(string workerId, string lifecycle);
}
