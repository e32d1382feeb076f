namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// A decision to move work: the thief consumes up to <see cref="Count"/> ready tasks of one level
/// from the victim's queue (remote consumption; nothing is republished).
/// </summary>
/// <param name="ThiefId">Worker that takes the tasks.</param>
/// <param name="VictimId">Worker whose queue they are taken from.</param>
/// <param name="Level">Level queue they are taken from.</param>
/// <param name="Count">How many (> 0).</param>
/// <param name="Reason">Why, for operators and logs.</param>
public sealed record Migration(string ThiefId, string VictimId, TaskLevel Level, int Count, string Reason)
{
    public int Count { get; init; } = Count > 0 ? Count : throw new ArgumentOutOfRangeException(nameof(Count), Count, "a migration moves at least one task");
}
