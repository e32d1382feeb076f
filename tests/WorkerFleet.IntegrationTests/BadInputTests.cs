using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Runtime;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class BadInputTests(BrokerFixture broker)
{
    [Fact]
    public async Task EveryKindOfBadTask_IsDeadLetteredWithItsReason_AndTheWorkerKeepsServing()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var failing = new FailingHandler();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "w", 2, observer,
            new Dictionary<string, string?>
            {
                ["Worker:MaxBodyBytes"] = "4096",
                ["Worker:TaskTimeout"] = "00:00:01",
                ["Worker:MaxAttempts"] = "3",
                ["Worker:RetryBaseDelay"] = "00:00:00.010",
            },
            s => s.AddSingleton(failing).AddTaskHandler<FailingHandler>(FailingHandler.Kind).AddTaskHandler<HangingHandler>(HangingHandler.Kind));
        await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
        await using var channel = await FleetConnections.CreateConfirmedChannelAsync(connection, CancellationToken.None);

        var oversizePayload = new string('x', 5000);
        var bad = new Dictionary<string, string>
        {
            ["bad-json"] = "{\"id\": \"bad-json\", \"kind\": ",
            ["no-kind"] = """{"id":"no-kind","level":"normal","payload":{}}""",
            ["unknown"] = """{"id":"unknown","kind":"teleport","level":"normal","payload":{}}""",
            ["big"] = $$"""{"id":"big","kind":"noop","level":"normal","payload":"{{oversizePayload}}"}""",
            ["throws"] = """{"id":"throws","kind":"fail","level":"normal","payload":{}}""",
            ["hangs"] = """{"id":"hangs","kind":"hang","level":"normal","payload":{}}""",
        };
        foreach (var (id, body) in bad)
        {
            await PublishRawAsync(channel, id, body);
        }

        await observer.WaitUntilAsync(r => r.Count >= bad.Count, TimeSpan.FromSeconds(30), "every bad task settled");
        var reasons = await ReadDeadLettersAsync(connection, bad.Count);

        Assert.Equal(DeadLetterReason.Malformed, reasons["bad-json"]);
        Assert.Equal(DeadLetterReason.Invalid, reasons["no-kind"]);
        Assert.Equal(DeadLetterReason.UnknownKind, reasons["unknown"]);
        Assert.Equal(DeadLetterReason.Oversize, reasons["big"]);
        Assert.Equal(DeadLetterReason.HandlerFailed, reasons["throws"]);
        Assert.Equal(DeadLetterReason.Timeout, reasons["hangs"]);
        Assert.Equal(3, failing.Attempts);
        Assert.Equal(6, worker.Counters.DeadLetteredTotal);

        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("after", 20));
        }

        await observer.WaitUntilAsync(r => r.Count(x => x.TaskId.StartsWith("after-", StringComparison.Ordinal) && x.Outcome == "completed") == 20,
            TimeSpan.FromSeconds(30), "the worker to keep serving");
    }

    private static async Task PublishRawAsync(IChannel channel, string id, string body)
    {
        var properties = new BasicProperties
        {
            MessageId = id,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { [FleetHeaders.Affinity] = id },
        };
        await channel.BasicPublishAsync(BrokerNames.TasksExchange, "normal", mandatory: true, properties, Encoding.UTF8.GetBytes(body));
    }

    private static async Task<Dictionary<string, string>> ReadDeadLettersAsync(IConnection connection, int expected)
    {
        var reasons = new Dictionary<string, string>();
        await using var reader = new QueueReader(connection);
        while (reasons.Count < expected && await reader.TryGetAsync(BrokerNames.Dead, TaskLevel.Normal, CancellationToken.None) is { } dead)
        {
            var reason = dead.Properties.Headers![FleetHeaders.Reason];
            reasons[dead.MessageId!] = reason is byte[] bytes ? Encoding.UTF8.GetString(bytes) : reason!.ToString()!;
            Assert.NotNull(dead.Properties.Headers[FleetHeaders.ReasonDetail]);
            await dead.AckAsync();
        }

        return reasons;
    }
}
