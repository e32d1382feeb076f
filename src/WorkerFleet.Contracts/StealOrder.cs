namespace WorkerFleet.Contracts;

/// <summary>
/// Tells a thief to consume up to <see cref="Count"/> ready tasks from the victim's queue of
/// <see cref="Level"/> (then lower levels) and run them as its own. The task moves at most once.
/// </summary>
public sealed record StealOrder
{
    public Guid OrderId { get; init; }

    public required string ThiefId { get; init; }

    public required string VictimId { get; init; }

    /// <summary>Level wire name to start with.</summary>
    public required string Level { get; init; }

    public int Count { get; init; }

    /// <summary>
    /// The victim is lost: its tasks have no way out but peers, so a busy thief takes them too,
    /// up to one slot's worth beyond its usual credit (<c>WorkerEngine.DrainCredit</c>).
    /// </summary>
    public bool VictimLost { get; init; }

    /// <summary>
    /// The victim's critical tasks wait in its queue while this thief runs lower levels
    /// (<c>CriticalAssist</c>): take critical tasks only, up to a slot's worth held beyond the usual
    /// credit (<c>WorkerEngine.CriticalCredit</c>); they run before anything the thief holds.
    /// </summary>
    public bool CriticalAssist { get; init; }

    /// <summary>Why the balancer ordered it (shown in logs and status).</summary>
    public string Reason { get; init; } = string.Empty;
}
