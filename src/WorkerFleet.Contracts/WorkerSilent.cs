namespace WorkerFleet.Contracts;

/// <summary>The balancer noticed a worker's heartbeats stopped (suspect, or lost past the limit).</summary>
public sealed record WorkerSilent
{
    public required string WorkerId { get; init; }

    public TimeSpan SilentFor { get; init; }

    /// <summary>Silent longer than the lost limit: its queues are unbound and drained by peers.</summary>
    public bool Lost { get; init; }
}
