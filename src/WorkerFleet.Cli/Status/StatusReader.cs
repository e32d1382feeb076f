using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.Cli.Control;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Status;

/// <summary>
/// Listens to the workers' heartbeats and the balancer's announcements of its settings for a
/// while and reads the fallback and dead-letter queues: what `fleet status` and the MCP tool show.
/// </summary>
internal static class StatusReader
{
    public static async Task<StatusSnapshot> ReadAsync(Uri broker, TimeSpan listen, TimeProvider clock, CancellationToken ct)
    {
        // Connecting first fails fast, with a clear message, when the broker is down; the bus would retry.
        await using var connection = await FleetConnections.ConnectAsync(broker, "fleet-status", ct);
        var board = new HeartbeatBoard(clock);
        var watch = new FleetConfigWatch();
        await ListenAsync(broker, board, watch, listen, clock, ct);

        await using var probe = new QueueProbe(connection);
        var unrouted = new Dictionary<string, long?>();
        foreach (var level in TaskLevels.All)
        {
            unrouted[level.ToWireName()] = await probe.ReadyCountAsync(BrokerNames.Unrouted(level), ct);
        }

        return new StatusSnapshot(board.Snapshot(), watch.Latest, unrouted, await probe.ReadyCountAsync(BrokerNames.Dead, ct), (int)listen.TotalMilliseconds);
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
