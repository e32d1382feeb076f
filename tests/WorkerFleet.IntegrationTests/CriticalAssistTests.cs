using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// Critical first across workers: one worker's critical backlog is taken up by a peer that is busy
/// with low tasks (a critical-assist order), though that peer never asks to steal.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class CriticalAssistTests(BrokerFixture broker)
{
    [Fact]
    public async Task ABusyPeer_TakesCriticalTasksWaitingInAnotherWorkersQueue_EachOnce()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var fast = new Dictionary<string, string?> { ["Worker:HeartbeatInterval"] = "00:00:00.250" };
        await using var balancer = await TestBalancer.StartAsync(vhost.Broker, "steal");
        await using var first = await TestWorker.StartAsync(vhost.Broker, "ca-1", 2, observer, fast);
        await using var second = await TestWorker.StartAsync(vhost.Broker, "ca-2", 2, observer, fast);
        await Task.Delay(600);

        // Both workers busy with low tasks for ~2.5 s (100 keys spread them), then 30 critical tasks
        // on one key: one worker's, which alone needs 0.75 s for them.
        await using var client = await FleetClient.ConnectAsync(vhost.Broker);
        await client.SubmitBatchAsync(Enumerable.Range(0, 200).Select(i => Tasks.Make($"low-{i}", "sleep", TaskLevel.Low, affinity: $"k{i % 100}", sleepMs: 50)));
        await Task.Delay(300);
        await client.SubmitBatchAsync(Enumerable.Range(0, 30).Select(i => Tasks.Make($"vip-{i}", "sleep", TaskLevel.Critical, affinity: "vip", sleepMs: 50)));

        await observer.WaitForDistinctAsync(230, TimeSpan.FromSeconds(60));
        var records = observer.Records;
        Assert.Equal(records.Count, records.Select(r => r.TaskId).Distinct().Count());
        var critical = records.Where(r => r.TaskId.StartsWith("vip-", StringComparison.Ordinal)).ToList();
        var owner = critical.Where(r => r.FromOwnQueue).Select(r => r.WorkerId).Distinct().Single();
        var helped = critical.Where(r => r.WorkerId != owner).ToList();
        Assert.NotEmpty(helped);
        Assert.All(helped, r => Assert.Equal(BrokerNames.WorkerQueue(owner, TaskLevel.Critical), r.SourceQueue));
    }
}
