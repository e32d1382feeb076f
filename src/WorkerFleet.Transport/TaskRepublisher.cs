using System.Globalization;
using RabbitMQ.Client;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>
/// Moves a delivered task elsewhere: to fleet.dead with its reason (cannot run), back to
/// fleet.tasks (a draining worker's backlog), or to its level's fallback queue (this worker's
/// breaker for its kind is open). Always publish (confirmed) first, then ack: a crash in between
/// can duplicate the task but never lose it, and no copy outlives the move.
/// </summary>
public sealed class TaskRepublisher(IChannel confirmedChannel, string workerId)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task DeadLetterAsync(TaskDelivery delivery, string reason, string detail, int attempts, CancellationToken ct)
    {
        var properties = new BasicProperties(delivery.Properties)
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(delivery.Properties.Headers ?? new Dictionary<string, object?>())
            {
                [FleetHeaders.Reason] = reason,
                [FleetHeaders.ReasonDetail] = Truncate(detail, 1024),
                [FleetHeaders.Worker] = workerId,
                [FleetHeaders.SourceQueue] = delivery.SourceQueue,
                [FleetHeaders.Attempts] = attempts.ToString(CultureInfo.InvariantCulture),
            },
        };
        await PublishAsync(BrokerNames.Dead, string.Empty, properties, delivery.Body, ct);
        await delivery.AckAsync();
    }

    /// <summary>
    /// Gives a task back to the fleet through fleet.tasks (the hash then picks a live worker);
    /// used by a draining worker for what is left in its unbound queues.
    /// </summary>
    public Task HandOffAsync(TaskDelivery delivery, CancellationToken ct) =>
        MoveAsync(delivery, BrokerNames.TasksExchange, delivery.QueueLevel.ToWireName(), FleetHeaders.HandedOffBy, ct);

    /// <summary>
    /// Puts a task into its level's fallback queue, where any idle worker takes it: used while
    /// this worker's circuit breaker for the task's kind is open.
    /// </summary>
    public Task HandBackAsync(TaskDelivery delivery, CancellationToken ct) =>
        MoveAsync(delivery, BrokerNames.Unrouted(delivery.QueueLevel), string.Empty, FleetHeaders.HandedBackBy, ct);

    private async Task MoveAsync(TaskDelivery delivery, string exchange, string routingKey, string markHeader, CancellationToken ct)
    {
        var properties = new BasicProperties(delivery.Properties)
        {
            Headers = new Dictionary<string, object?>(delivery.Properties.Headers ?? new Dictionary<string, object?>())
            {
                [markHeader] = workerId,
            },
        };
        await PublishAsync(exchange, routingKey, properties, delivery.Body, ct);
        await delivery.AckAsync();
    }

    private async Task PublishAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await confirmedChannel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
