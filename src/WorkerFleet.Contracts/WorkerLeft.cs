namespace WorkerFleet.Contracts;

/// <summary>Published by a worker that finished a graceful stop: its queues are empty or handed off.</summary>
public sealed record WorkerLeft
{
    public required string WorkerId { get; init; }

    public DateTimeOffset LeftAt { get; init; }

    /// <summary>Tasks it gave back to fleet.tasks because they were still queued for it.</summary>
    public long HandedOff { get; init; }
}
