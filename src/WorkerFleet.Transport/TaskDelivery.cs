using RabbitMQ.Client;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>
/// One task message the broker handed to this worker, unacknowledged until settled. Settle it
/// exactly once: ack after the handler finished, requeue to give it back, or dead-letter it.
/// </summary>
public sealed class TaskDelivery
{
    private readonly ChannelSettler _settler;
    private readonly ulong _deliveryTag;

    internal TaskDelivery(ChannelSettler settler, ulong deliveryTag, string sourceQueue, TaskLevel queueLevel,
        bool fromOwnQueue, bool redelivered, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        _settler = settler;
        _settler.Track(deliveryTag);
        _deliveryTag = deliveryTag;
        SourceQueue = sourceQueue;
        QueueLevel = queueLevel;
        FromOwnQueue = fromOwnQueue;
        Redelivered = redelivered;
        Properties = new BasicProperties(properties);
        Body = body.ToArray();
    }

    /// <summary>The queue it came from: the worker's own, a fallback queue or a peer's.</summary>
    public string SourceQueue { get; }

    /// <summary>The level of the queue (the body's level may disagree if a producer erred).</summary>
    public TaskLevel QueueLevel { get; }

    /// <summary>False when taken from a fallback queue or stolen from a peer.</summary>
    public bool FromOwnQueue { get; }

    /// <summary>The broker delivered it before (a worker died or gave it back holding it).</summary>
    public bool Redelivered { get; }

    /// <summary>Taken by basic.get: the tasks its queue still held after it (the broker's count). Null for consumer deliveries.</summary>
    public long? ReadyBehind { get; init; }

    public BasicProperties Properties { get; }

    /// <summary>A copy of the body: the client's buffer is only valid during its callback.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public string? MessageId => Properties.MessageId;

    public string? Affinity => HeaderValues.GetString(Properties, FleetHeaders.Affinity);

    public long? SubmittedAtUnixMs => HeaderValues.GetInt64(Properties, FleetHeaders.SubmittedAt);

    internal ChannelSettler Settler => _settler;

    public Task AckAsync() => _settler.AckAsync(_deliveryTag);

    public Task RequeueAsync() => _settler.RequeueAsync(_deliveryTag);
}
