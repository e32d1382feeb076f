namespace WorkerFleet.Cli.Simulation;

internal enum SimulationEventKind
{
    /// <summary>A task is published: the hash routes it to its owner's queue.</summary>
    Submitted,

    /// <summary>A task finished on a worker: its slot frees.</summary>
    Finished,

    /// <summary>Tasks a thief stole reach it.</summary>
    StolenArrived,
}
