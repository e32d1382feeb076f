using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>
/// Consumes a worker's queues (its own per-level queues, or one shared queue in the benchmarks'
/// competing-consumer baseline), each on its own channel with a per-consumer prefetch.
/// Per-consumer (not global) qos is deliberate: quorum queues refuse global qos, and a shared
/// credit lets the broker hand a freed slot to a low task while a critical one waits (the worker
/// chooses across levels locally instead; see docs/architecture.md).
/// </summary>
public sealed class WorkerQueueConsumer : IAsyncDisposable
{
    private readonly List<(IChannel Channel, string ConsumerTag)> _consumers = [];

    private WorkerQueueConsumer()
    {
    }

    /// <summary>Starts one consumer per queue; <paramref name="onDelivery"/> must return quickly.</summary>
    public static async Task<WorkerQueueConsumer> StartAsync(IConnection connection, IReadOnlyList<(string Queue, TaskLevel Level)> queues,
        ushort prefetchPerQueue, Func<TaskDelivery, Task> onDelivery, CancellationToken ct)
    {
        var result = new WorkerQueueConsumer();
        foreach (var (queue, level) in queues)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: prefetchPerQueue, global: false, ct);
            var settler = new ChannelSettler(channel);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, args) => onDelivery(new TaskDelivery(settler, args.DeliveryTag, queue, level,
                fromOwnQueue: true, args.Redelivered, args.BasicProperties, args.Body));
            var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);
            result._consumers.Add((channel, tag));
        }

        return result;
    }

    /// <summary>Stops deliveries; what was delivered stays unacked until its holder settles it.</summary>
    public async Task CancelAsync(CancellationToken ct)
    {
        foreach (var (channel, tag) in _consumers)
        {
            if (channel.IsOpen)
            {
                await channel.BasicCancelAsync(tag, noWait: false, ct);
            }
        }
    }

    /// <summary>
    /// Closes the consumer channels. Call only when nothing they delivered is unsettled: closing
    /// requeues every unacked delivery of a channel. Close-ok means the broker has settled them all.
    /// </summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        foreach (var (channel, _) in _consumers)
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync(ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (channel, _) in _consumers)
        {
            await channel.DisposeAsync();
        }

        _consumers.Clear();
    }
}
