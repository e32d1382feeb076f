namespace WorkerFleet.Cli.Simulation;

internal enum SimulationEventKind
{
    /// <summary>Tasks are published: the hash routes each to its owner's queue (or all go to the shared queue).</summary>
    Submitted,

    /// <summary>Tasks the broker delivered reach the worker's scheduler.</summary>
    Delivered,

    /// <summary>A task's slot is free again (the task ended <see cref="SimulationModel.RefillMs"/> earlier) and it is acked.</summary>
    Finished,

    /// <summary>A worker reports its load: the balancer's picture of it is refreshed.</summary>
    Heartbeat,

    /// <summary>The balancer's answer to a steal request reaches the thief.</summary>
    StealAnswered,

    /// <summary>One task a thief fetched from its victim reaches its scheduler.</summary>
    StolenArrived,

    /// <summary>A thief's fetches of one steal are over: it asks again or waits.</summary>
    StealDone,

    /// <summary>A thief's fetches on its lease are over: it steals again, waits, or (nothing taken) asks the balancer.</summary>
    LeaseStealDone,

    /// <summary>A thief's retry delay is over.</summary>
    StealRetry,

    /// <summary>The balancer's planner runs (adaptive).</summary>
    BalanceTick,

    /// <summary>A planned steal order reaches its thief.</summary>
    PlannedOrderArrived,
}
