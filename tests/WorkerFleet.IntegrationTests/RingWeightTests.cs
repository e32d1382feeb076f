using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>Worker:RingWeight sets a worker's share of the hash ring apart from its slots.</summary>
[Collection(BrokerCollection.Name)]
public sealed class RingWeightTests(BrokerFixture broker)
{
    [Fact]
    public async Task Workers_ShareTheTasks_ByTheirRingWeights_NotByTheirSlots()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var light = new RecordingObserver();
        var heavy = new RecordingObserver();
        // Equal slots: by capacity each would take half. Counted by the queue a task came from, which
        // the exchange chose, so a task the idle worker steals from its peer still counts for the peer.
        await using var lightWorker = await TestWorker.StartAsync(vhost.Broker, "light", 4, light, RingWeight(1));
        await using var heavyWorker = await TestWorker.StartAsync(vhost.Broker, "heavy", 4, heavy, RingWeight(3));
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("t", 2000));
        }

        await Wait.UntilAsync(() => light.Records.Count + heavy.Records.Count >= 2000, TimeSpan.FromSeconds(60), "2,000 tasks run");

        var records = light.Records.Concat(heavy.Records).ToList();
        var ratio = (double)records.Count(r => r.SourceQueue == BrokerNames.WorkerQueue("heavy", TaskLevel.Normal))
            / records.Count(r => r.SourceQueue == BrokerNames.WorkerQueue("light", TaskLevel.Normal));
        Assert.InRange(ratio, 2.4, 3.8);
    }

    private static Dictionary<string, string?> RingWeight(int points) =>
        new() { ["Worker:RingWeight"] = points.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
