using System.Globalization;
using System.Text.Json;
using RabbitMQ.Client;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>Turns a task into the AMQP message of docs/protocol.md.</summary>
public static class TaskMessage
{
    /// <summary>The camelCase JSON body.</summary>
    public static byte[] Body(FleetTask task)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", task.Id);
            json.WriteString("kind", task.Kind);
            json.WriteString("level", task.Level.ToWireName());
            if (task.Tenant is not null)
            {
                json.WriteString("tenant", task.Tenant);
            }

            if (task.Deadline is { } deadline)
            {
                json.WriteString("deadline", deadline.ToString("O", CultureInfo.InvariantCulture));
            }

            if (task.CostMs is { } cost)
            {
                json.WriteNumber("costMs", cost);
            }

            json.WritePropertyName("payload");
            if (task.Payload.ValueKind == JsonValueKind.Undefined)
            {
                json.WriteNullValue();
            }
            else
            {
                task.Payload.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Persistent, identified by the task id, hashed on its affinity key (or id).</summary>
    public static BasicProperties Properties(FleetTask task, DateTimeOffset submittedAt) => new()
    {
        MessageId = task.Id,
        ContentType = "application/json",
        DeliveryMode = DeliveryModes.Persistent,
        Headers = new Dictionary<string, object?>
        {
            [FleetHeaders.Affinity] = string.IsNullOrEmpty(task.AffinityKey) ? task.Id : task.AffinityKey,
            [FleetHeaders.SubmittedAt] = submittedAt.ToUnixTimeMilliseconds(),
        },
    };

    /// <summary>
    /// Publishes the task to fleet.tasks under its level (mandatory; the channel's confirm, if any,
    /// completes the returned task): the one way producers in .NET submit.
    /// </summary>
    public static ValueTask PublishAsync(IChannel channel, FleetTask task, DateTimeOffset submittedAt, CancellationToken ct) =>
        channel.BasicPublishAsync(BrokerNames.TasksExchange, task.Level.ToWireName(), mandatory: true,
            Properties(task, submittedAt), Body(task), ct);
}
