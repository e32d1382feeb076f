using MassTransit;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>The wire form of the core's migration decisions.</summary>
public static class StealOrders
{
    public static StealOrder From(Migration migration) => new()
    {
        OrderId = NewId.NextGuid(),
        ThiefId = migration.ThiefId,
        VictimId = migration.VictimId,
        Level = migration.Level.ToWireName(),
        Count = migration.Count,
        Reason = migration.Reason,
    };
}
