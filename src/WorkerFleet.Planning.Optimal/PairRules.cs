using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Planning.Optimal;

/// <summary>What <see cref="AllocationConstraints"/> allow a pair or a thief, for CP-SAT's plan and the greedy one alike.</summary>
internal static class PairRules
{
    /// <summary>
    /// Whether every task the thief could take from the victim's queues is one it can run or one the
    /// victim could not run either: the thief takes every kind (no set), or the victim's set is known
    /// and within the thief's.
    /// </summary>
    public static bool KindsFit(string victimId, string thiefId, AllocationConstraints constraints)
    {
        if (constraints.SupportedKinds.GetValueOrDefault(thiefId) is not { } thiefKinds)
        {
            return true;
        }

        return constraints.SupportedKinds.GetValueOrDefault(victimId) is { } victimKinds && victimKinds.IsSubsetOf(thiefKinds);
    }

    /// <summary>Tasks the worker may still be given under its cap: cap - (ready + busy), or long.MaxValue without a cap.</summary>
    public static long RoomUnderCap(WorkerLoad worker, AllocationConstraints constraints) =>
        constraints.MaxTasks.TryGetValue(worker.WorkerId, out var cap) ? cap - (worker.ReadyTotal + worker.BusySlots) : long.MaxValue;
}
