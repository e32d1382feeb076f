namespace WorkerFleet.Scheduling;

/// <summary>
/// Why a task went to the dead-letter queue: the value of its x-fleet-reason header
/// (docs/protocol.md). Values are a public contract: operators filter on them.
/// </summary>
public static class DeadLetterReason
{
    /// <summary>The body is not JSON (or not a JSON object).</summary>
    public const string Malformed = "malformed";

    /// <summary>The body is JSON but a required field is missing or has the wrong type.</summary>
    public const string Invalid = "invalid";

    /// <summary>The body is larger than the worker's configured limit.</summary>
    public const string Oversize = "oversize";

    /// <summary>No handler is registered for the task's kind on this worker.</summary>
    public const string UnknownKind = "unknown-kind";

    /// <summary>The handler threw on every allowed attempt.</summary>
    public const string HandlerFailed = "handler-failed";

    /// <summary>The handler did not finish within the task timeout.</summary>
    public const string Timeout = "timeout";

    public static IReadOnlyList<string> All { get; } = [Malformed, Invalid, Oversize, UnknownKind, HandlerFailed, Timeout];
}
