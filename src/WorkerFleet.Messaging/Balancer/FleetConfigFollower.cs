using MassTransit;
using WorkerFleet.Contracts;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// Keeps every balancer, standby included, on the settings in force: a standby that takes over
/// continues with what the fleet was changed to at run time, not with its start-up settings.
/// Consumed on each balancer's own (non-exclusive, auto-delete) queue; the active balancer hears
/// its own announcements too, which changes nothing.
/// </summary>
public sealed class FleetConfigFollower(BalancingSettings settings) : IConsumer<FleetConfigChanged>
{
    public Task Consume(ConsumeContext<FleetConfigChanged> context)
    {
        var announced = context.Message;
        settings.Apply(new ChangeFleetConfig
        {
            Strategy = announced.Strategy,
            StealThresholdMs = announced.StealThresholdMs,
            Tolerance = announced.Tolerance,
            PairCooldownMs = announced.PairCooldownMs,
            AgingBoost = announced.AgingBoost,
        });
        return Task.CompletedTask;
    }
}
