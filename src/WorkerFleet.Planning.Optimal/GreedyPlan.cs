using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Planning.Optimal;

/// <summary>
/// The greedy <see cref="MigrationPlanner"/>'s plan for the round, with the solver's rules applied:
/// CP-SAT's starting hint, the plan CP-SAT must beat, and the fallback.
/// </summary>
/// <remarks>
/// A planner is constructed each round with the solver's options, so it carries no memory of its
/// own: the solver's cooldowns (which cover every pair it returned, from either plan) are applied
/// to its migrations, as are the rules the planner does not know: no thief with an open breaker, kinds
/// that fit, and caps (a count is trimmed to the thief's room, across its migrations). Dropping or
/// trimming can leave the plan less balanced than the planner alone would, never invalid.
/// </remarks>
internal static class GreedyPlan
{
    /// <returns>The kept migrations (planner's reasons), each with the count the planner had chosen.</returns>
    public static List<(Migration Migration, int PlannedCount)> Make(
        IReadOnlyList<WorkerLoad> fleet, BalancingOptions options, AllocationConstraints constraints, DateTimeOffset now, Func<string, string, bool> inCooldown)
    {
        var byId = new Dictionary<string, WorkerLoad>(StringComparer.Ordinal);
        foreach (var worker in fleet)
        {
            byId.TryAdd(worker.WorkerId, worker);
        }

        var takenBy = new Dictionary<string, long>(StringComparer.Ordinal);
        var kept = new List<(Migration, int)>();
        foreach (var migration in new MigrationPlanner(options).Plan(fleet, now).Migrations)
        {
            var thief = byId[migration.ThiefId];
            if (thief.OpenBreakers.Count > 0 || !PairRules.KindsFit(migration.VictimId, migration.ThiefId, constraints) || inCooldown(migration.VictimId, migration.ThiefId))
            {
                continue;
            }

            var taken = takenBy.GetValueOrDefault(thief.WorkerId);
            var count = (int)Math.Min(migration.Count, PairRules.RoomUnderCap(thief, constraints) - taken);
            if (count >= 1)
            {
                takenBy[thief.WorkerId] = taken + count;
                kept.Add((migration with { Count = count }, migration.Count));
            }
        }

        return kept;
    }
}
