using System.Globalization;
using RabbitMQ.Client;

namespace WorkerFleet.Transport;

/// <summary>
/// Moves a task that cannot run to fleet.dead with its reason in headers: publish (confirmed) first,
/// then ack, so a crash in between duplicates a dead letter but never loses the task.
/// </summary>
public sealed class DeadLetterPublisher(IChannel confirmedChannel, string workerId)
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
    public async Task HandOffAsync(TaskDelivery delivery, CancellationToken ct)
    {
        var properties = new BasicProperties(delivery.Properties)
        {
            Headers = new Dictionary<string, object?>(delivery.Properties.Headers ?? new Dictionary<string, object?>())
            {
                [FleetHeaders.HandedOffBy] = workerId,
            },
        };
        await PublishAsync(BrokerNames.TasksExchange, Scheduling.TaskLevels.ToWireName(delivery.QueueLevel), properties, delivery.Body, ct);
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
