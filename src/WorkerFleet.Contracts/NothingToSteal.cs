namespace WorkerFleet.Contracts;

/// <summary>The balancer's answer when no worker is loaded enough to take from.</summary>
public sealed record NothingToSteal
{
    public required string ThiefId { get; init; }

    public string Reason { get; init; } = string.Empty;
}
