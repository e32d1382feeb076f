namespace WorkerFleet.Contracts;

/// <summary>Queue names of the control plane (MassTransit endpoints; not part of the task protocol).</summary>
public static class ControlEndpoints
{
    /// <summary>The balancer's input queue: single-active-consumer, so one balancer of several is active.</summary>
    public const string Balancer = "fleet.balancer";

    /// <summary>A worker's own control queue (steal orders).</summary>
    public static string Worker(string workerId) => $"fleet.ctl.{workerId}";
}
