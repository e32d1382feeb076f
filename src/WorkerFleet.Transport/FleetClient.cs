using RabbitMQ.Client;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>
/// The producer SDK: submits tasks with publisher confirms, so a returned call means the broker
/// has them. Declares the topology on connect, so tasks published before any worker exists wait
/// in the fallback queues. One client is safe for concurrent submits.
/// </summary>
public sealed class FleetClient : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly TimeProvider _clock;

    private FleetClient(IConnection connection, IChannel channel, TimeProvider clock)
    {
        _connection = connection;
        _channel = channel;
        _clock = clock;
    }

    public static async Task<FleetClient> ConnectAsync(Uri broker, FleetQueueType queueType = FleetQueueType.Classic,
        TimeProvider? clock = null, CancellationToken ct = default)
    {
        var connection = await FleetConnections.ConnectAsync(broker, "fleet-client", ct);
        try
        {
            var channel = await FleetConnections.CreateConfirmedChannelAsync(connection, ct);
            await FleetTopology.DeclareFleetAsync(channel, queueType, ct);
            return new FleetClient(connection, channel, clock ?? TimeProvider.System);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Submits one task; returns when the broker confirmed it.</summary>
    public async Task SubmitAsync(FleetTask task, CancellationToken ct = default)
    {
        await PublishAsync(task, ct);
    }

    /// <summary>
    /// Submits tasks in order with a bounded window of unconfirmed publishes; returns when the
    /// broker confirmed all of them. <paramref name="progress"/> receives the confirmed count.
    /// </summary>
    public async Task SubmitBatchAsync(IEnumerable<FleetTask> tasks, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var window = new ConfirmWindow(FleetConnections.ConfirmWindow, progress);
        foreach (var task in tasks)
        {
            await window.AddAsync(() => PublishAsync(task, ct));
        }

        await window.DrainAsync();
    }

    private ValueTask PublishAsync(FleetTask task, CancellationToken ct) =>
        TaskMessage.PublishAsync(_channel, task, _clock.GetUtcNow(), ct);

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
