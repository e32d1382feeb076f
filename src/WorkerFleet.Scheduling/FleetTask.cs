using System.Text.Json;

namespace WorkerFleet.Scheduling;

/// <summary>A task as producers describe it (docs/protocol.md is the wire form).</summary>
public sealed record FleetTask
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required TaskLevel Level { get; init; }

    /// <summary>Fair-share group; tasks without one share the default tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary>Routing key for the consistent hash (the x-affinity header on the wire).</summary>
    public string? AffinityKey { get; init; }

    /// <summary>Critical tasks run earliest deadline first.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Producer's estimate of the run time; the tenant fair share charges it.</summary>
    public double? CostMs { get; init; }

    /// <summary>Handler input, kept as the producer wrote it.</summary>
    public JsonElement Payload { get; init; }

    /// <summary>What the local scheduler needs to know of this task.</summary>
    public SchedulingInfo ToSchedulingInfo() => new(Level, Tenant, Deadline, CostMs);
}
