using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.Cli.Control;
using WorkerFleet.Cli.Status;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet status</c>: listens to the workers' heartbeats and the balancer's announcements of its
/// settings for a while and reads the fallback and dead-letter queues, then prints what it learned.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var listenMs = new Option<int>("--listen-ms")
        {
            Description = "How long to listen for heartbeats (workers send one a second by default) and the balancer's settings",
            DefaultValueFactory = _ => 2500,
        }.Must(ms => ms >= 0, "must not be negative");
        var json = CliOptions.Json();
        var command = new Command("status", "Show the workers (from their heartbeats), the balancer's settings, and the fallback and dead-letter queues")
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
            var watch = new FleetConfigWatch();
            var listened = parse.GetValue(listenMs);
            await ListenAsync(broker, board, watch, TimeSpan.FromMilliseconds(listened), clock, ct);

            await using var probe = new QueueProbe(connection);
            var unrouted = new Dictionary<string, long?>();
            foreach (var level in TaskLevels.All)
            {
                unrouted[level.ToWireName()] = await probe.ReadyCountAsync(BrokerNames.Unrouted(level), ct);
            }

            var seen = new StatusSnapshot(board.Snapshot(), watch.Latest, unrouted, await probe.ReadyCountAsync(BrokerNames.Dead, ct), listened);
            if (parse.GetValue(json))
            {
                StatusView.WriteJson(seen);
            }
            else
            {
                StatusView.WriteText(seen);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task ListenAsync(Uri broker, HeartbeatBoard board, FleetConfigWatch watch, TimeSpan listen, TimeProvider clock,
        CancellationToken ct)
    {
        // One queue of this run for both consumers, deleted when the bus stops.
        var queue = ControlBus.RunQueueName("status");
        await using var bus = await ControlBus.StartAsync(broker, "fleet-status",
            services =>
            {
                services.AddSingleton(board);
                services.AddSingleton(watch);
            },
            registration =>
            {
                registration.AddConsumer<HeartbeatCollector>().Endpoint(endpoint =>
                {
                    endpoint.Name = queue;
                    endpoint.Temporary = true;
                });
                registration.AddConsumer<FleetConfigCollector>().Endpoint(endpoint =>
                {
                    endpoint.Name = queue;
                    endpoint.Temporary = true;
                });
            },
            ct);
        await Task.Delay(listen, clock, ct);
    }
}
