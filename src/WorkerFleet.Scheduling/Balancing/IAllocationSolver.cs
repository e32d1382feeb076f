namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// The <see cref="BalancingStrategy.Optimal"/> strategy: an exact or anytime allocation under
/// constraints (e.g. OR-Tools CP-SAT, in an adapter project so the core stays dependency-free).
/// </summary>
/// <remarks>
/// <para>An implementation returns the same kind of <see cref="Plan"/> as <see cref="MigrationPlanner"/>
/// and keeps its guarantees: no migration moves more than the victim's ready tasks at that level or
/// more than the thief's free slots, no worker is both thief and victim, a thief is accepting, and
/// each migration carries a reason.</para>
/// <para>It minimises the fleet's longest expected drain plus <see cref="AllocationConstraints.MigrationCostMs"/>
/// per moved task, and must return within <c>timeLimit</c>: with its best solution so far, or with the
/// greedy <see cref="MigrationPlanner"/>'s plan when it found none (the balancer's round cannot wait).</para>
/// <para>Like the rest of the core it does no I/O and reads no clock: <c>now</c> is given (for
/// cooldowns), and the time limit is handed to the solver as its search budget (CP-SAT's
/// <c>max_time_in_seconds</c>).</para>
/// </remarks>
public interface IAllocationSolver
{
    Plan Solve(IReadOnlyList<WorkerLoad> fleet, AllocationConstraints constraints, TimeSpan timeLimit, DateTimeOffset now);
}
