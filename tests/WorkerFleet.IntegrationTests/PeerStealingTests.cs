using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class PeerStealingTests(BrokerFixture broker)
{
    [Fact]
    public async Task IdleWorkers_StealFromABusyPeer_WhenNoBalancerRuns()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var fast = new Dictionary<string, string?>
        {
            ["Worker:HeartbeatInterval"] = "00:00:00.200",
            ["Worker:StealRequestTimeout"] = "00:00:00.200",
        };
        await using var a = await TestWorker.StartAsync(vhost.Broker, "p2c-a", 2, observer, fast);
        await using var b = await TestWorker.StartAsync(vhost.Broker, "p2c-b", 2, observer, fast);
        await using var c = await TestWorker.StartAsync(vhost.Broker, "p2c-c", 2, observer, fast);
        await Task.Delay(600);

        // One affinity key: without stealing, one worker would run all of them.
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Enumerable.Range(0, 200).Select(i => Tasks.Make($"hot-{i}", "sleep", affinity: "hot", sleepMs: 20)));
        }

        await observer.WaitForDistinctAsync(200, TimeSpan.FromSeconds(60));
        var records = observer.Records;
        var owner = records.Where(r => r.FromOwnQueue).Select(r => r.WorkerId).Distinct().Single();
        var stolen = records.Where(r => !r.FromOwnQueue).ToList();
        Assert.NotEmpty(stolen);
        Assert.All(stolen, r => Assert.StartsWith($"fleet.w.{owner}.", r.SourceQueue, StringComparison.Ordinal));
        Assert.Equal(200, records.Select(r => r.TaskId).Distinct().Count());
        Assert.Equal(records.Count, records.Select(r => r.TaskId).Distinct().Count());
    }
}
