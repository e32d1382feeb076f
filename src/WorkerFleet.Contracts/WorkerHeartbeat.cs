namespace WorkerFleet.Contracts;

/// <summary>A worker's load, published every heartbeat interval; the balancer's only input.</summary>
public sealed record WorkerHeartbeat
{
    public required string WorkerId { get; init; }

    /// <summary>Increases by one per heartbeat of this worker process; restarts at 1.</summary>
    public long Sequence { get; init; }

    public DateTimeOffset SentAt { get; init; }

    /// <summary>"active" or "draining" (graceful stop in progress).</summary>
    public string State { get; init; } = WorkerStates.Active;

    public int Slots { get; init; }

    /// <summary>Relative speed (1 = reference machine); scales the expected drain time.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>
    /// Points the worker's queues hold on the hash ring (their binding key, which unbinding must
    /// repeat). 0 from a worker that does not say: then its capacity, slots x speed.
    /// </summary>
    public int RingWeight { get; init; }

    public int BusySlots { get; init; }

    /// <summary>Tasks delivered to the worker and waiting in its local scheduler.</summary>
    public int HeldLocally { get; init; }

    /// <summary>Ready (not delivered) tasks in the worker's own queues, by level wire name.</summary>
    public IReadOnlyDictionary<string, long> ReadyByLevel { get; init; } = new Dictionary<string, long>();

    /// <summary>Exponentially weighted mean handler time in milliseconds.</summary>
    public double EwmaServiceMs { get; init; }

    public long Completed { get; init; }

    /// <summary>Tasks dead-lettered by this worker, by reason (docs/protocol.md).</summary>
    public IReadOnlyDictionary<string, long> DeadLettered { get; init; } = new Dictionary<string, long>();

    /// <summary>Tasks this worker ran from queues other than its own (fallback queues, peers).</summary>
    public long TakenFromOtherQueues { get; init; }

    /// <summary>Tasks this worker took from peers' queues on steal orders.</summary>
    public long Stolen { get; init; }

    /// <summary>Task kinds whose circuit breaker is open on this worker (it hands those tasks back).</summary>
    public IReadOnlyList<string> OpenBreakers { get; init; } = [];

    /// <summary>
    /// Peers' queues this worker holds taken tasks of, not yet acked or requeued (stolen, drained):
    /// such a queue must not be deleted, or the task is lost if it goes back (QueueRelease).
    /// </summary>
    public IReadOnlyList<string> HoldingFrom { get; init; } = [];
}
