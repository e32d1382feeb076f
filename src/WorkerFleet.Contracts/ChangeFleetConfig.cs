namespace WorkerFleet.Contracts;

/// <summary>
/// Changes balancing settings at run time on every balancer and worker (no restart). Null fields
/// keep their current value. Answered by a FleetConfigChanged event with the settings in force.
/// </summary>
public sealed record ChangeFleetConfig
{
    /// <summary>none, steal, proactive, adaptive or optimal.</summary>
    public string? Strategy { get; init; }

    public double? StealThresholdMs { get; init; }

    public double? Tolerance { get; init; }

    public double? PairCooldownMs { get; init; }

    public double? AgingBoost { get; init; }
}
