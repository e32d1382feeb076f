namespace WorkerFleet.Contracts;

/// <summary>Queue names of the control plane (MassTransit endpoints; not part of the task protocol).</summary>
public static class ControlEndpoints
{
    /// <summary>The balancer's input queue: single-active-consumer, so one balancer of several is active.</summary>
    public const string Balancer = "fleet.balancer";

    /// <summary>A worker's own control queue (steal orders, the fleet's configuration).</summary>
    public static string Worker(string workerId) => $"fleet.ctl.{workerId}";

    /// <summary>
    /// The durable direct exchange the balancer sends every worker's orders to, routed by worker id
    /// into that worker's control queue. An order to a worker that is gone is unroutable and dropped;
    /// sent to the worker's own auto-deleted exchange it failed (404) and closed the channel the
    /// balancer's other orders shared.
    /// </summary>
    public const string Orders = "fleet.orders";

    /// <summary>
    /// The fanout exchange MassTransit publishes <see cref="WorkerHeartbeat"/> to (named after the
    /// message type). The balancer always hears it; a worker binds its control queue to it only
    /// while it needs its peers (no balancer answering, or stopping).
    /// </summary>
    public const string Heartbeats = "WorkerFleet.Contracts:WorkerHeartbeat";

    /// <summary>
    /// A consistent-hash exchange on the heartbeats' message ids, fed by <see cref="Heartbeats"/>:
    /// each heartbeat reaches one of the workers bound to it, the peers a worker samples while no
    /// balancer answers.
    /// </summary>
    public const string PeerSample = "fleet.peers";
}
