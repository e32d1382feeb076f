using MassTransit;
using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Control;

/// <summary>Hands every announcement of the settings in force to the watch.</summary>
public sealed class FleetConfigCollector(FleetConfigWatch watch) : IConsumer<FleetConfigChanged>
{
    public Task Consume(ConsumeContext<FleetConfigChanged> context)
    {
        watch.Record(context.Message);
        return Task.CompletedTask;
    }
}
