using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>The balancer's broker work on a lost worker's queues (its own data-plane connection).</summary>
public sealed class LostWorkerQueues(BalancerBroker broker, IOptions<BalancerOptions> options) : ILostWorkerQueues, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private QueueProbe? _probe;

    public async Task WarmUpAsync(CancellationToken ct)
    {
        await ConnectAsync(ct);
        await _probe!.OpenChannelsAsync(TaskLevels.All.Count, ct);
    }

    public async Task UnbindAsync(string workerId, int weight, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await FleetTopology.UnbindWorkerQueuesAsync(channel, workerId, weight, ct);
    }

    public async Task RebindAsync(string workerId, int weight, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await FleetTopology.DeclareWorkerQueuesAsync(channel, workerId, options.Value.QueueType, ct);
        await FleetTopology.BindWorkerQueuesAsync(channel, workerId, weight, ct);
    }

    /// <summary>Ready tasks per level in the worker's queues (missing queues count 0), asked at once.</summary>
    public async Task<IReadOnlyDictionary<TaskLevel, long>> ReadyAsync(string workerId, CancellationToken ct)
    {
        var queues = await ReadAsync(workerId, ct);
        return TaskLevels.All.Zip(queues).ToDictionary(pair => pair.First, pair => (long)(pair.Second?.MessageCount ?? 0));
    }

    public async Task<QueuesProbe?> ProbeAsync(string workerId, CancellationToken ct)
    {
        var queues = await ReadAsync(workerId, ct);
        return queues.Any(queue => queue is null)
            ? null
            : new QueuesProbe(queues.Any(queue => queue!.ConsumerCount > 0), TaskLevels.All.Zip(queues).ToDictionary(pair => pair.First, pair => (long)pair.Second!.MessageCount));
    }

    /// <summary>The worker's level queues, in <see cref="TaskLevels.All"/> order, read at once (null: missing).</summary>
    private async Task<QueueDeclareOk?[]> ReadAsync(string workerId, CancellationToken ct)
    {
        await ConnectAsync(ct);
        return await Task.WhenAll(TaskLevels.All.Select(level => _probe!.DeclarePassiveAsync(BrokerNames.WorkerQueue(workerId, level), ct)));
    }

    /// <summary>Deletes the worker's empty queues; true when none is left.</summary>
    public async Task<bool> DeleteIfEmptyAsync(string workerId, CancellationToken ct) =>
        await FleetTopology.DeleteIdleWorkerQueuesAsync(await ConnectAsync(ct), workerId, options.Value.QueueType, ct) == 0;

    private async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_connection is null)
            {
                _connection = await FleetConnections.ConnectAsync(broker.Uri, "fleet-balancer", ct);
                _probe = new QueueProbe(_connection);
            }

            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
