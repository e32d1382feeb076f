using WorkerFleet.Contracts;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// Where to send a worker's orders: its control exchange, declared exactly as the worker's own
/// endpoint declares it (transient, auto-delete), or the broker refuses the redeclare (406).
/// </summary>
public static class WorkerControlAddress
{
    public static Uri For(string workerId) => new($"exchange:{ControlEndpoints.Worker(workerId)}?durable=false&autodelete=true");
}
