using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

/// <summary>What a handler gets to know about the task it runs.</summary>
public sealed record TaskContext
{
    public required FleetTask Task { get; init; }

    public required string WorkerId { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The worker's relative speed (see WorkerOptions.Speed).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The clock to use for any waiting, so tests can control it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
