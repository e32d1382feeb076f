using Google.OrTools.Sat;

namespace WorkerFleet.Planning.Optimal;

/// <summary>What CP-SAT answered for one model.</summary>
/// <param name="Status">CP-SAT's status.</param>
/// <param name="Moves">The nonzero moves per victim-thief pair, when <see cref="HasSolution"/>.</param>
/// <param name="ObjectiveValue">Objective of the solution, when there is one.</param>
/// <param name="BestObjectiveBound">Proven lower bound on the objective.</param>
/// <param name="SearchWallTime">CP-SAT's wall time.</param>
internal sealed record AllocationModelResult(
    CpSolverStatus Status,
    IReadOnlyList<PlannedMove> Moves,
    double? ObjectiveValue,
    double BestObjectiveBound,
    TimeSpan SearchWallTime)
{
    public bool HasSolution => Status is CpSolverStatus.Optimal or CpSolverStatus.Feasible;

    /// <summary>OPTIMAL, FEASIBLE, ... as CP-SAT's own logs spell it.</summary>
    public string StatusName => ToName(Status);

    public static string ToName(CpSolverStatus status) => status switch
    {
        CpSolverStatus.Optimal => "OPTIMAL",
        CpSolverStatus.Feasible => "FEASIBLE",
        CpSolverStatus.Infeasible => "INFEASIBLE",
        CpSolverStatus.ModelInvalid => "MODEL_INVALID",
        _ => "UNKNOWN",
    };
}
