using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class QueueTypeTests(BrokerFixture broker)
{
    /// <summary>Quorum queues refuse global qos and basic.get with single-active-consumer: the worker must use neither.</summary>
    [Fact]
    public async Task QuorumQueues_RouteConsumeAndDrainFallback_LikeClassicOnes()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker, FleetQueueType.Quorum))
        {
            await client.SubmitBatchAsync(Tasks.Many("early", 50, level: TaskLevel.High));
        }

        var observer = new RecordingObserver();
        var quorum = new Dictionary<string, string?> { ["Worker:QueueType"] = "Quorum" };
        await using var first = await TestWorker.StartAsync(vhost.Broker, "q1", 4, observer, quorum);
        await using var second = await TestWorker.StartAsync(vhost.Broker, "q2", 4, observer, quorum);
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker, FleetQueueType.Quorum))
        {
            await client.SubmitBatchAsync(Tasks.Many("late", 500));
        }

        await observer.WaitForDistinctAsync(550, TimeSpan.FromSeconds(60));
        await first.StopAsync();
        await second.StopAsync();

        var records = observer.Records;
        Assert.Equal(550, records.Count);
        Assert.All(records, r => Assert.Equal("completed", r.Outcome));
        Assert.Equal(50, records.Count(r => r.SourceQueue == BrokerNames.Unrouted(TaskLevel.High)));
        await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
        await using var probe = new QueueProbe(connection);
        foreach (var level in TaskLevels.All)
        {
            Assert.Null(await probe.ReadyCountAsync(BrokerNames.WorkerQueue("q1", level), CancellationToken.None));
        }
    }
}
