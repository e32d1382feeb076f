using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class ExactlyOnceTests(BrokerFixture broker)
{
    [Fact]
    public async Task TenThousandTasks_RunExactlyOnce_WhenSpreadOverFourWorkers()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var workers = new List<TestWorker>();
        for (var i = 0; i < 4; i++)
        {
            workers.Add(await TestWorker.StartAsync(vhost.Broker, $"w{i}", slots: 4, observer));
        }

        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("t", 10_000));
        }

        await observer.WaitForDistinctAsync(10_000, TimeSpan.FromMinutes(3));
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        var records = observer.Records;
        var expected = Enumerable.Range(0, 10_000).Select(i => $"t-{i}").ToHashSet();
        Assert.Empty(expected.Except(records.Select(r => r.TaskId)));
        Assert.Empty(records.GroupBy(r => r.TaskId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(records, r => Assert.Equal("completed", r.Outcome));
        Assert.Equal(4, records.Select(r => r.WorkerId).Distinct().Count());
    }
}
