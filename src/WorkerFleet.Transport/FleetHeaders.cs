namespace WorkerFleet.Transport;

/// <summary>AMQP header names of the wire contract (docs/protocol.md).</summary>
public static class FleetHeaders
{
    /// <summary>Hashed by the level exchanges; the task id when the task has no affinity.</summary>
    public const string Affinity = "x-affinity";

    /// <summary>Unix milliseconds when the producer submitted the task; waits are measured from it.</summary>
    public const string SubmittedAt = "x-submitted-at";

    public const string Reason = "x-fleet-reason";
    public const string ReasonDetail = "x-fleet-reason-detail";
    public const string Worker = "x-fleet-worker";
    public const string SourceQueue = "x-fleet-source-queue";
    public const string Attempts = "x-fleet-attempts";

    /// <summary>Set when a draining worker hands a task back to the exchange (names that worker).</summary>
    public const string HandedOffBy = "x-fleet-handed-off-by";

    /// <summary>Set when a worker whose breaker for the task's kind is open puts it in the fallback queue.</summary>
    public const string HandedBackBy = "x-fleet-handed-back-by";
}
