using MassTransit;
using WorkerFleet.Contracts;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// Where the balancer sends a worker's orders: <see cref="ControlEndpoints.Orders"/>, declared as the
/// workers' bindings declare it (durable direct), with the worker's id as routing key.
/// </summary>
public static class WorkerControlAddress
{
    public static Uri Orders { get; } = new($"exchange:{ControlEndpoints.Orders}?type=direct");

    /// <summary>Routes the message being sent to <paramref name="workerId"/>'s control queue.</summary>
    public static void RouteTo(SendContext context, string workerId) => context.SetRoutingKey(workerId);
}
