using System.Globalization;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Planning.Optimal;

/// <summary>The human-readable reasons of the solver's migrations (loads in whole milliseconds).</summary>
internal static class OptimalReasons
{
    public static string Solved(
        string status, double objective, int victims, int thieves, long movedInAll,
        string victimId, double victimMs, string thiefId, double thiefMs, int count, TaskLevel level, double victimAfterMs, double thiefAfterMs) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"CP-SAT {status} (objective {objective:0}, {victims} victims x {thieves} thieves, {movedInAll} tasks moved in all): {victimId} drains in {victimMs:0} ms and {thiefId} in {thiefMs:0} ms; moving {count} {level.ToWireName()} tasks, the plan leaves them at {victimAfterMs:0} ms and {thiefAfterMs:0} ms");

    /// <summary>A greedy migration's reason behind <paramref name="prefix"/>, and its trim to a cap if any.</summary>
    public static string Greedy(string prefix, Migration migration, int plannedCount) =>
        migration.Count == plannedCount
            ? $"{prefix}: {migration.Reason}"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{prefix}: {migration.Reason} (trimmed from {plannedCount} to {migration.Count} by {migration.ThiefId}'s task cap)");
}
