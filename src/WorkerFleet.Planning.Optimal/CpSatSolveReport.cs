namespace WorkerFleet.Planning.Optimal;

/// <summary>
/// What the last <see cref="CpSatAllocationSolver.Solve"/> did, for the balancer's logs and metrics
/// and for benchmarks. Loads are expected drain times of accepting workers in ms.
/// </summary>
/// <param name="Outcome">Where the plan came from.</param>
/// <param name="SolverStatus">CP-SAT's status (OPTIMAL, FEASIBLE, UNKNOWN, INFEASIBLE, MODEL_INVALID), or NOT_RUN.</param>
/// <param name="Detail">Why it fell back or had nothing to do; null when CP-SAT's plan was used.</param>
/// <param name="WallTime">The whole call: ranking, model building, search and plan, by the solver's TimeProvider.</param>
/// <param name="SearchWallTime">CP-SAT's own wall time (zero when it did not run).</param>
/// <param name="ObjectiveValue">CP-SAT's objective of its solution (scaled units, see <see cref="CpSatAllocationSolver"/>), when it has one.</param>
/// <param name="BestObjectiveBound">CP-SAT's proven lower bound on the objective, when it ran.</param>
/// <param name="Victims">Candidate victims in the model.</param>
/// <param name="Thieves">Candidate thieves in the model.</param>
/// <param name="Pairs">Victim-thief pairs among the candidates that may move work (not cooling down, kinds fitting); the model has a variable per candidate, plus one per pair only for thieves limited to some victims.</param>
/// <param name="MovedTasks">Tasks the returned plan moves.</param>
/// <param name="LongestDrainBeforeMs">Longest drain among accepting workers before the plan.</param>
/// <param name="LongestDrainAfterMs">The same once the returned plan is carried out.</param>
/// <param name="Truncated">The solution needed more migrations than <c>MaxMigrationsPerPlan</c>; the rest were dropped.</param>
public sealed record CpSatSolveReport(
    CpSatOutcome Outcome,
    string SolverStatus,
    string? Detail,
    TimeSpan WallTime,
    TimeSpan SearchWallTime,
    double? ObjectiveValue,
    double? BestObjectiveBound,
    int Victims,
    int Thieves,
    int Pairs,
    long MovedTasks,
    double LongestDrainBeforeMs,
    double LongestDrainAfterMs,
    bool Truncated);
