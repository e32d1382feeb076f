using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

/// <summary>A parsed task and the delivery that must be settled when it is done.</summary>
internal sealed record HeldTask(TaskDelivery Delivery, FleetTask Task);
