using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>After one steal, a thief goes back to its victim on its own while the victim's queue holds tasks.</summary>
[Collection(BrokerCollection.Name)]
public sealed class StealLeaseTests(BrokerFixture broker)
{
    private const int Count = 200;

    [Fact]
    public async Task OneSteal_LetsTheThiefDrainItsVictim_WithoutBalancerOrHeartbeats()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();

        // The victim's queues hold the whole backlog; the victim never runs (no consumer, no
        // heartbeat), so no balancer order, no peer probe and no fallback drain can reach them.
        await using (var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None))
        await using (var channel = await connection.CreateChannelAsync())
        {
            await FleetTopology.DeclareFleetAsync(channel, FleetQueueType.Classic, CancellationToken.None);
            await FleetTopology.DeclareWorkerQueuesAsync(channel, "victim", FleetQueueType.Classic, CancellationToken.None);
            await FleetTopology.BindWorkerQueuesAsync(channel, "victim", 4, CancellationToken.None);
        }

        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("t", Count, "sleep", sleepMs: 5));
        }

        await using var thief = await TestWorker.StartAsync(vhost.Broker, "thief", slots: 4, observer,
            new Dictionary<string, string?> { ["Worker:StealLeaseDuration"] = "00:05:00", ["Worker:StealRequestTimeout"] = "00:00:00.200" });

        // One steal, as a balancer's order would start it; the rest must follow from the lease.
        Assert.Equal(2, await thief.Engine.StealAsync("victim", TaskLevel.Normal, 2, CancellationToken.None));
        await observer.WaitForDistinctAsync(Count, TimeSpan.FromMinutes(1));

        var records = observer.Records;
        Assert.Equal(Count, records.Count);
        Assert.All(records, record =>
        {
            Assert.Equal("completed", record.Outcome);
            Assert.Equal(BrokerNames.WorkerQueue("victim", TaskLevel.Normal), record.SourceQueue);
        });
        Assert.Equal(Count, thief.Counters.Stolen);
    }
}
