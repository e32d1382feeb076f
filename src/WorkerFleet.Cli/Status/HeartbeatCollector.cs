using MassTransit;
using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Status;

/// <summary>Puts every heartbeat on the board (the status command's only consumer).</summary>
public sealed class HeartbeatCollector(HeartbeatBoard board) : IConsumer<WorkerHeartbeat>
{
    public Task Consume(ConsumeContext<WorkerHeartbeat> context)
    {
        board.Record(context.Message);
        return Task.CompletedTask;
    }
}
