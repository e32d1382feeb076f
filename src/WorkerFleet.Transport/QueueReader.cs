using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>
/// Takes single tasks from queues that are not the worker's own (fallback queues now, a victim's
/// queues when stealing) with basic.get: the task moves at most once and is acked by whoever runs it.
/// A missing queue closes the channel (404) with every unacked delivery of it, so each queue gets
/// its own channel: a vanished queue cannot take the running tasks of another with it.
/// </summary>
public sealed class QueueReader(IConnection connection) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ChannelSettler> _settlers = [];

    /// <summary>The next ready task of <paramref name="queue"/>, or null when it is empty or missing.</summary>
    public async Task<TaskDelivery?> TryGetAsync(string queue, TaskLevel level, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var settler = await OpenSettlerAsync(queue, ct);
            var result = await settler.Channel.BasicGetAsync(queue, autoAck: false, ct);
            if (result is null)
            {
                await ForgetIfIdleAsync(queue, settler);
                return null;
            }

            return new TaskDelivery(settler, result.DeliveryTag, queue, level, fromOwnQueue: false, result.Redelivered,
                result.BasicProperties, result.Body)
            {
                ReadyBehind = result.MessageCount,
            };
        }
        catch (OperationInterruptedException)
        {
            // The queue does not exist (404); the broker closed the channel. Nothing to take.
            _settlers.Remove(queue);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Peers' queues (fallback queues aside) of which this reader holds deliveries not yet settled.</summary>
    public async Task<IReadOnlyList<string>> HoldingFromAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return _settlers.Where(pair => pair.Value.Unsettled > 0 && !BrokerNames.IsFallbackQueue(pair.Key)).Select(pair => pair.Key).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// An empty queue whose channel holds nothing unsettled gives its channel back, so a long-lived
    /// thief does not keep one channel per victim it ever had (channel_max is 2047). The four
    /// fallback queues keep theirs: an idle worker polls them several times a second. Safe under the
    /// gate: no get can add a delivery meanwhile, and settling only ever lowers the count.
    /// </summary>
    private async Task ForgetIfIdleAsync(string queue, ChannelSettler settler)
    {
        if (settler.Unsettled == 0 && !BrokerNames.IsFallbackQueue(queue) && _settlers.Remove(queue))
        {
            await settler.Channel.DisposeAsync();
        }
    }

    private async Task<ChannelSettler> OpenSettlerAsync(string queue, CancellationToken ct)
    {
        if (_settlers.TryGetValue(queue, out var open) && open.Channel.IsOpen)
        {
            return open;
        }

        // Deliveries of a closed channel cannot be settled any more; the broker requeued them.
        var settler = new ChannelSettler(await connection.CreateChannelAsync(cancellationToken: ct));
        _settlers[queue] = settler;
        return settler;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var settler in _settlers.Values)
        {
            await settler.Channel.DisposeAsync();
        }

        _settlers.Clear();
    }
}
