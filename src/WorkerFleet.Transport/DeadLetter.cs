namespace WorkerFleet.Transport;

/// <summary>
/// One message of fleet.dead as an operator sees it: the reason headers the worker set, and the
/// task's kind and level when its body still parses.
/// </summary>
public sealed record DeadLetter
{
    public string? TaskId { get; init; }

    /// <summary>The dead-letter reason (docs/protocol.md): malformed, unknown-kind, handler-failed, timeout, ...</summary>
    public string? Reason { get; init; }

    public string? Detail { get; init; }

    /// <summary>The worker that dead-lettered it.</summary>
    public string? Worker { get; init; }

    public string? SourceQueue { get; init; }

    public long? Attempts { get; init; }

    public string? Kind { get; init; }

    public string? Level { get; init; }

    /// <summary>How often it was replayed before.</summary>
    public long Replayed { get; init; }
}
