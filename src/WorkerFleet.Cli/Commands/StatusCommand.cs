using System.CommandLine;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkerFleet.Cli.Status;
using WorkerFleet.Messaging;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet status</c>: listens to the workers' heartbeats for a while and reads the fallback and
/// dead-letter queues, then prints what it learned.
/// </summary>
internal static class StatusCommand
{
    /// <summary>Longest the control-plane bus may take to connect and bind its queue.</summary>
    private static readonly TimeSpan BusStartTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var listenMs = new Option<int>("--listen-ms")
        {
            Description = "How long to listen for heartbeats (workers send one a second by default)",
            DefaultValueFactory = _ => 2500,
        }.Must(ms => ms >= 0, "must not be negative");
        var json = CliOptions.Json();
        var command = new Command("status", "Show the workers (from their heartbeats) and the fallback and dead-letter queues")
        {
            listenMs, json,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var clock = TimeProvider.System;
            var broker = FleetConnections.FromEnvironment();

            // Connecting first fails fast, with a clear message, when the broker is down; the bus would retry.
            await using var connection = await FleetConnections.ConnectAsync(broker, "fleet-status", ct);
            var board = new HeartbeatBoard(clock);
            var listened = parse.GetValue(listenMs);
            await ListenAsync(broker, board, TimeSpan.FromMilliseconds(listened), clock, ct);

            await using var probe = new QueueProbe(connection);
            var unrouted = new Dictionary<string, long?>();
            foreach (var level in TaskLevels.All)
            {
                unrouted[level.ToWireName()] = await probe.ReadyCountAsync(BrokerNames.Unrouted(level), ct);
            }

            var dead = await probe.ReadyCountAsync(BrokerNames.Dead, ct);
            var workers = board.Snapshot();
            if (parse.GetValue(json))
            {
                StatusView.WriteJson(workers, unrouted, dead, listened);
            }
            else
            {
                StatusView.WriteText(workers, unrouted, dead, listened);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task ListenAsync(Uri broker, HeartbeatBoard board, TimeSpan listen, TimeProvider clock, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFleetConsole(LogLevel.Warning));
        services.AddSingleton(board);
        services.AddFleetControlPlane(broker, bus =>
        {
            bus.AddConsumer<HeartbeatCollector>().Endpoint(endpoint =>
            {
                // A queue of this run only, deleted when it stops: concurrent status commands each
                // hear every heartbeat, and none leaves a queue filling up behind it.
                endpoint.Name = $"fleet-status-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
                endpoint.Temporary = true;
            });
        });
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        using (var starting = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            starting.CancelAfter(BusStartTimeout);
            try
            {
                await bus.StartAsync(starting.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"the control-plane bus did not start within {BusStartTimeout.TotalSeconds} s");
            }
        }

        try
        {
            await Task.Delay(listen, clock, ct);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
