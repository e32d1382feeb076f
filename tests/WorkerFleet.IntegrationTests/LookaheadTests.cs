using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>A worker's prefetch per level queue follows its service time (LookaheadPolicy), and the broker honours it.</summary>
[Collection(BrokerCollection.Name)]
public sealed class LookaheadTests(BrokerFixture broker)
{
    [Fact]
    public async Task ShortTasks_RaiseThePrefetch_AndTheBrokerThenDeliversThatMany()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var gate = new GateHandler();
        // A 500 ms window asks for the maximum at any service time under 8 ms: no-op tasks take
        // 0.05 ms on a quiet machine but up to 1 ms beside the other test assemblies, where a
        // 50 ms window asked for 99 and the prefetch stopped there (a clean-clone run).
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "w1", slots: 2, observer,
            new Dictionary<string, string?> { ["Worker:MaxPrefetch"] = "120", ["Worker:LookaheadWindow"] = "00:00:00.500" },
            gate.Register);
        Assert.Equal(4, worker.Engine.LevelPrefetch);

        await using var client = await FleetClient.ConnectAsync(vhost.Broker);
        await client.SubmitBatchAsync(Tasks.Many("short", 300));
        await observer.WaitForDistinctAsync(300, TimeSpan.FromMinutes(1));
        Assert.Equal(120, worker.Engine.LevelPrefetch);

        // Tasks that block: 2 run, the broker hands over exactly prefetch - 2 more, the rest stays queued.
        await client.SubmitBatchAsync(Tasks.Many("blocked", 200, GateHandler.Kind));
        await Wait.UntilAsync(() => worker.Engine.HeldLocally == 118, TimeSpan.FromSeconds(30), "118 tasks held locally");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(118, worker.Engine.HeldLocally);
        Assert.Equal(2, worker.Engine.BusySlots);

        gate.Open();
        await observer.WaitForDistinctAsync(500, TimeSpan.FromMinutes(1));
        Assert.All(observer.Records, record => Assert.Equal("completed", record.Outcome));
    }

    [Fact]
    public async Task TasksLongerThanHalfTheWindow_KeepTwiceTheSlots()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "w1", slots: 2, observer);

        await using var client = await FleetClient.ConnectAsync(vhost.Broker);
        await client.SubmitBatchAsync(Tasks.Many("long", 30, "sleep", sleepMs: 40));
        await observer.WaitForDistinctAsync(30, TimeSpan.FromMinutes(1));

        // 2 slots x 10 ms window / 40 ms = 1 held: below the 2 x slots floor.
        Assert.Equal(4, worker.Engine.LevelPrefetch);
    }
}
