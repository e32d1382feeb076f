using MassTransit;
using WorkerFleet.Contracts;

namespace WorkerFleet.Runtime;

/// <summary>Applies run-time settings the balancer announced (the scheduler's aging boost).</summary>
public sealed class FleetConfigConsumer(WorkerEngine engine) : IConsumer<FleetConfigChanged>
{
    public Task Consume(ConsumeContext<FleetConfigChanged> context)
    {
        engine.SetAgingBoost(context.Message.AgingBoost);
        return Task.CompletedTask;
    }
}
