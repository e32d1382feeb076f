using System.CommandLine;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary><c>fleet topology</c>: declares the fleet's exchanges, fallback queues and dead-letter queue (idempotent).</summary>
internal static class TopologyCommand
{
    public static Command Create()
    {
        var queueType = CliOptions.QueueType();
        var json = CliOptions.Json();
        var command = new Command("topology", "Declare the fleet's exchanges and shared queues on the broker (safe to repeat)")
        {
            queueType, json,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var broker = FleetConnections.FromEnvironment();
            var type = CliOptions.ToQueueType(parse.GetValue(queueType));
            await using (var connection = await FleetConnections.ConnectAsync(broker, "fleet-topology", ct))
            await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
            {
                await FleetTopology.DeclareFleetAsync(channel, type, ct);
            }

            var typeName = type.ToString().ToLowerInvariant();
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { declared = true, queueType = typeName, broker = CliOutput.Describe(broker) });
            }
            else
            {
                Console.WriteLine($"declared the fleet topology ({typeName} queues) on {CliOutput.Describe(broker)}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
