namespace WorkerFleet.Cli.Simulation;

/// <summary>One event of the simulation; <see cref="Worker"/> and <see cref="Task"/> are -1 where they do not apply; <see cref="Batch"/> holds the tasks submitted or stolen.</summary>
internal readonly record struct SimulationEvent(SimulationEventKind Kind, int Worker, int Task, int[]? Batch);
