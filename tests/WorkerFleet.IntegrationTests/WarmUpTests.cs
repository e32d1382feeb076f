using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// A worker runs a few built-in tasks on a private queue before it consumes its own (WorkerWarmUp),
/// and leaves no trace of them: no record, no count, no queue.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class WarmUpTests(BrokerFixture broker)
{
    [Fact]
    public async Task WarmUpTasks_AreNeitherRecordedNorCounted_AndTheirQueueIsGone()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "w1", slots: 2, observer);

        Assert.Empty(observer.Records);
        Assert.Equal(0, worker.Counters.Completed);
        Assert.DoesNotContain(await broker.QueueNamesAsync(vhost), name => name.StartsWith("amq.gen-", StringComparison.Ordinal));

        await using var client = await FleetClient.ConnectAsync(vhost.Broker);
        await client.SubmitAsync(Tasks.Make("real"));
        await observer.WaitForDistinctAsync(1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.Equal(["real"], observer.Records.Select(record => record.TaskId));
        Assert.Equal(1, worker.Counters.Completed);
    }
}
