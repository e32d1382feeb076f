namespace WorkerFleet.Cli.Simulation;

/// <summary>Where a simulated worker's steal requester is (WorkerFleet.Runtime.StealRequester's loop).</summary>
internal enum StealState
{
    /// <summary>Not asking: it asks as soon as it wants work.</summary>
    Ready,

    /// <summary>A request is with the balancer, or the tasks granted are being fetched.</summary>
    Asking,

    /// <summary>The last request brought nothing: it waits the retry delay before asking again.</summary>
    Waiting,

    /// <summary>Nothing is queued anywhere and nothing is due: it waits for the next submission.</summary>
    Parked,
}
