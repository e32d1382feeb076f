namespace WorkerFleet.Planning.Optimal;

/// <summary>Where the plan of a <see cref="CpSatAllocationSolver"/> round came from.</summary>
public enum CpSatOutcome
{
    /// <summary>No overloaded worker with ready tasks, or no pair that may move work: an empty plan, CP-SAT not run.</summary>
    NothingToBalance,

    /// <summary>CP-SAT proved its plan optimal for the candidates it was given.</summary>
    Optimal,

    /// <summary>CP-SAT ran out of time with a solution it could not prove optimal (its best so far).</summary>
    Feasible,

    /// <summary>CP-SAT found no solution in time, could not scale the model, or threw: the greedy planner's plan.</summary>
    GreedyFallback,

    /// <summary>
    /// CP-SAT solved, but the greedy planner's plan leaves a shorter longest drain fleet-wide (it
    /// reaches workers beyond the k x k candidates), so that plan was returned.
    /// </summary>
    GreedyBetter,
}
