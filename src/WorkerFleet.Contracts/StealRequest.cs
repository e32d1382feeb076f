namespace WorkerFleet.Contracts;

/// <summary>An idle worker asks the balancer whom to take work from; answered by StealOrder or NothingToSteal.</summary>
public sealed record StealRequest
{
    public required string ThiefId { get; init; }

    public int FreeSlots { get; init; }

    public DateTimeOffset RequestedAt { get; init; }
}
