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
    private readonly List<Subscription> _subscriptions = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _cancelled;

    private WorkerQueueConsumer(ushort prefetch)
    {
        Prefetch = prefetch;
    }

    /// <summary>The prefetch of every queue's consumer.</summary>
    public ushort Prefetch { get; private set; }

    /// <summary>Starts one consumer per queue; <paramref name="onDelivery"/> must return quickly.</summary>
    public static async Task<WorkerQueueConsumer> StartAsync(IConnection connection, IReadOnlyList<(string Queue, TaskLevel Level)> queues,
        ushort prefetchPerQueue, Func<TaskDelivery, Task> onDelivery, CancellationToken ct)
    {
        var result = new WorkerQueueConsumer(prefetchPerQueue);
        foreach (var (queue, level) in queues)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            var settler = new ChannelSettler(channel);
            var subscription = new Subscription(channel, queue, delivery => onDelivery(new TaskDelivery(settler, delivery.DeliveryTag, queue, level,
                fromOwnQueue: true, delivery.Redelivered, delivery.BasicProperties, delivery.Body)));
            await subscription.ConsumeAsync(prefetchPerQueue, ct);
            result._subscriptions.Add(subscription);
        }

        return result;
    }

    /// <summary>
    /// Moves every queue's consumer to a new prefetch. Per-consumer qos binds only consumers started
    /// after it, so each queue gets a new consumer before the old one is cancelled: deliveries never
    /// pause, and what the old consumer delivered stays held and is settled as before (delivery tags
    /// belong to the channel).
    /// </summary>
    public async Task SetPrefetchAsync(ushort prefetch, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_cancelled || prefetch == Prefetch)
            {
                return;
            }

            foreach (var subscription in _subscriptions)
            {
                await subscription.ResubscribeAsync(prefetch, ct);
            }

            Prefetch = prefetch;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops deliveries; what was delivered stays unacked until its holder settles it.</summary>
    public async Task CancelAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _cancelled = true;
            foreach (var subscription in _subscriptions)
            {
                await subscription.CancelAsync(ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Closes the consumer channels. Call only when nothing they delivered is unsettled: closing
    /// requeues every unacked delivery of a channel. Close-ok means the broker has settled them all.
    /// </summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Channel.IsOpen)
            {
                await subscription.Channel.CloseAsync(ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.Channel.DisposeAsync();
        }

        _subscriptions.Clear();
        _gate.Dispose();
    }

    /// <summary>One queue's channel and its current consumer.</summary>
    private sealed class Subscription(IChannel channel, string queue, Func<BasicDeliverEventArgs, Task> onDelivery)
    {
        private string? _consumerTag;

        public IChannel Channel => channel;

        public async Task ConsumeAsync(ushort prefetch, CancellationToken ct)
        {
            await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: prefetch, global: false, ct);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => onDelivery(delivery);
            _consumerTag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);
        }

        public async Task ResubscribeAsync(ushort prefetch, CancellationToken ct)
        {
            var previous = _consumerTag;
            await ConsumeAsync(prefetch, ct);
            if (previous is not null)
            {
                await channel.BasicCancelAsync(previous, noWait: false, ct);
            }
        }

        public async Task CancelAsync(CancellationToken ct)
        {
            if (_consumerTag is not null && channel.IsOpen)
            {
                await channel.BasicCancelAsync(_consumerTag, noWait: false, ct);
            }
        }
    }
}
