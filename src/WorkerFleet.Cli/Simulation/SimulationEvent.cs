using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// One event of the simulation. <see cref="Worker"/> and <see cref="Task"/> are -1 where they do not
/// apply (for <see cref="SimulationEventKind.StealDone"/> and <see cref="SimulationEventKind.LeaseStealDone"/>, Task is how many tasks the steal took);
/// <see cref="Batch"/> holds the tasks submitted or delivered; <see cref="Order"/> the balancer's
/// answer or planned order (null: nothing to steal).
/// </summary>
internal readonly record struct SimulationEvent(SimulationEventKind Kind, int Worker, int Task, int[]? Batch = null, Migration? Order = null);
