using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Builders of test tasks.</summary>
public static class Tasks
{
    public static FleetTask Make(string id, string kind = "noop", TaskLevel level = TaskLevel.Normal, string? affinity = null,
        int? sleepMs = null, string? tenant = null) => new()
    {
        Id = id,
        Kind = kind,
        Level = level,
        AffinityKey = affinity,
        Tenant = tenant,
        Payload = JsonDocument.Parse(sleepMs is { } ms ? $"{{\"ms\":{ms}}}" : "{}").RootElement.Clone(),
    };

    public static IEnumerable<FleetTask> Many(string prefix, int count, string kind = "noop", TaskLevel level = TaskLevel.Normal, int? sleepMs = null) =>
        Enumerable.Range(0, count).Select(i => Make($"{prefix}-{i}", kind, level, sleepMs: sleepMs));

    /// <summary>Publishes a body that is not a task (truncated JSON) the way a broken producer would: it dies as malformed.</summary>
    public static async Task PublishMalformedAsync(Uri broker, string id = "bad")
    {
        await using var connection = await FleetConnections.ConnectAsync(broker, "test-malformed", CancellationToken.None);
        await using var channel = await FleetConnections.CreateConfirmedChannelAsync(connection, CancellationToken.None);
        var properties = new BasicProperties
        {
            MessageId = id,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { [FleetHeaders.Affinity] = id },
        };
        await channel.BasicPublishAsync(BrokerNames.TasksExchange, "normal", mandatory: true, properties, Encoding.UTF8.GetBytes("{\"id\": "));
    }
}
