namespace WorkerFleet.Cli.Bench;

/// <summary>How the noop scenario's raw loop (<see cref="RawCeiling"/>) publishes.</summary>
internal enum RawRoute
{
    /// <summary>200-byte messages straight into the queue (the default exchange): the broker's own ceiling, ratio_to_raw's.</summary>
    DefaultExchange,

    /// <summary>
    /// The SDK's messages for the run's tasks through fleet.tasks and the level's consistent-hash
    /// exchange into one bound queue: what the fleet's routing and message format leave of that
    /// ceiling before any worker code runs (ratio_to_route's).
    /// </summary>
    FleetRoute,
}
