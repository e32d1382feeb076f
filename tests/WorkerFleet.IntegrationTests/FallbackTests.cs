using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class FallbackTests(BrokerFixture broker)
{
    [Fact]
    public async Task TasksPublishedBeforeAnyWorker_WaitInFallbackQueues_AndAllRunOnceWorkersStart()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var tasks = TaskLevels.All.SelectMany(level => Tasks.Many($"early-{level.ToWireName()}", 50, level: level)).ToList();
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(tasks);
        }

        await using (var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None))
        await using (var probe = new QueueProbe(connection))
        {
            foreach (var level in TaskLevels.All)
            {
                Assert.Equal(50, await probe.ReadyCountAsync(BrokerNames.Unrouted(level), CancellationToken.None));
            }
        }

        var observer = new RecordingObserver();
        await using var first = await TestWorker.StartAsync(vhost.Broker, "late-1", 4, observer);
        await using var second = await TestWorker.StartAsync(vhost.Broker, "late-2", 4, observer);
        await observer.WaitForDistinctAsync(200, TimeSpan.FromSeconds(60));
        await Task.Delay(500);

        var records = observer.Records;
        Assert.Equal(200, records.Count);
        Assert.Equal(tasks.Select(t => t.Id).Order(), records.Select(r => r.TaskId).Order());
        Assert.All(records, r => Assert.False(r.FromOwnQueue));
    }

    [Fact]
    public async Task TaskWithUnknownRoutingKey_LandsInNormalFallbackQueue_InsteadOfVanishing()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
        await using var channel = await FleetConnections.CreateConfirmedChannelAsync(connection, CancellationToken.None);
        await FleetTopology.DeclareFleetAsync(channel, FleetQueueType.Classic, CancellationToken.None);
        var task = Tasks.Make("stray");
        await channel.BasicPublishAsync(BrokerNames.TasksExchange, "urgent", mandatory: true,
            TaskMessage.Properties(task, DateTimeOffset.UnixEpoch), TaskMessage.Body(task));

        await using var probe = new QueueProbe(connection);
        Assert.Equal(1, await probe.ReadyCountAsync(BrokerNames.Unrouted(TaskLevel.Normal), CancellationToken.None));
    }
}
