namespace WorkerFleet.Runtime;

/// <summary>
/// What a worker recorded of one task it settled: the source of every number the demo and the
/// benchmarks report (never the plan). Times are unix milliseconds.
/// </summary>
public sealed record ExecutionRecord
{
    public required string TaskId { get; init; }

    public required string WorkerId { get; init; }

    public string? Kind { get; init; }

    /// <summary>Level wire name (the queue's when the body had none).</summary>
    public required string Level { get; init; }

    public string? Tenant { get; init; }

    public string? Affinity { get; init; }

    public required string SourceQueue { get; init; }

    /// <summary>False when taken from a fallback queue or from a peer's queue.</summary>
    public bool FromOwnQueue { get; init; }

    public bool Redelivered { get; init; }

    public long? SubmittedAtMs { get; init; }

    public long StartedAtMs { get; init; }

    public long EndedAtMs { get; init; }

    /// <summary>"completed", or the dead-letter reason.</summary>
    public required string Outcome { get; init; }

    public int Attempts { get; init; }
}
