namespace WorkerFleet.Contracts;

/// <summary>A lost worker's queues were drained by its peers and deleted; its lifecycle ends.</summary>
public sealed record WorkerQueuesRemoved
{
    public required string WorkerId { get; init; }
}
