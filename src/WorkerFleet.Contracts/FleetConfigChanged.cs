namespace WorkerFleet.Contracts;

/// <summary>The balancing settings now in force, published by the active balancer.</summary>
public sealed record FleetConfigChanged
{
    public required string Strategy { get; init; }

    public double StealThresholdMs { get; init; }

    public double Tolerance { get; init; }

    public double PairCooldownMs { get; init; }

    public double AgingBoost { get; init; }

    public DateTimeOffset ChangedAt { get; init; }
}
