namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// How the balancer moves work between workers. The core offers the parts (<see cref="StealPolicy"/>,
/// <see cref="MigrationPlanner"/>, <see cref="IAllocationSolver"/>); the balancer host reads this
/// setting to decide which of them it calls.
/// </summary>
public enum BalancingStrategy
{
    /// <summary>Affinity only: tasks run where the consistent hash put them.</summary>
    None,

    /// <summary>Reactive: an idle worker asks, <see cref="StealPolicy"/> names a victim.</summary>
    Steal,

    /// <summary>Periodic: <see cref="MigrationPlanner"/> moves work from overloaded to underloaded workers.</summary>
    Proactive,

    /// <summary>Both of the above, with thresholds tuned from observed service times.</summary>
    Adaptive,

    /// <summary>A time-limited constraint solver (<see cref="IAllocationSolver"/>), the planner as fallback.</summary>
    Optimal,
}
