using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Runtime;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class PriorityTests(BrokerFixture broker)
{
    private const int Slots = 2;

    [Fact]
    public async Task CriticalTasks_StartBeforeRemainingLowBacklog_WhenSubmittedLater()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var probe = new StartOrderHandler();
        var observer = new RecordingObserver();
        await using var client = await FleetClient.ConnectAsync(vhost.Broker);

        // The backlog is queued for the worker before it starts, so it is all in the broker.
        await using (var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None))
        await using (var channel = await connection.CreateChannelAsync())
        {
            await FleetTopology.DeclareWorkerQueuesAsync(channel, "p", FleetQueueType.Classic, CancellationToken.None);
            await FleetTopology.BindWorkerQueuesAsync(channel, "p", Slots, CancellationToken.None);
        }

        await client.SubmitBatchAsync(Tasks.Many("low", 2000, StartOrderHandler.Kind, TaskLevel.Low, sleepMs: 2));
        // The 20 criticals must fit the critical queue's prefetch, so the local scheduler holds them
        // all and the test is about its choice: a 50 ms window at ~2 ms tasks asks for 50. (At the
        // default 10 ms it asks for 10, and lows start while the other ten are still in the broker.)
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "p", Slots, observer,
            new Dictionary<string, string?> { ["Worker:LookaheadWindow"] = "00:00:00.050" },
            services: s => s.AddSingleton(probe).AddTaskHandler<StartOrderHandler>(StartOrderHandler.Kind));
        await observer.WaitUntilAsync(r => r.Count >= 100, TimeSpan.FromSeconds(60), "100 low tasks");

        var critical = Tasks.Many("crit", 20, StartOrderHandler.Kind, TaskLevel.Critical, sleepMs: 2).ToList();
        await client.SubmitBatchAsync(critical);
        var startedBeforeSubmitConfirmed = probe.Started.Count;
        await observer.WaitForDistinctAsync(2020, TimeSpan.FromMinutes(2));

        var order = probe.Started.ToList();
        var lastCritical = order.FindLastIndex(id => id.StartsWith("crit-", StringComparison.Ordinal));
        var lowsStartedInBetween = order.Skip(startedBeforeSubmitConfirmed).Take(lastCritical - startedBeforeSubmitConfirmed)
            .Count(id => id.StartsWith("low-", StringComparison.Ordinal));
        var lowsLeftBehind = order.Skip(lastCritical + 1).Count();

        Assert.Equal(20, order.Count(id => id.StartsWith("crit-", StringComparison.Ordinal)));
        Assert.True(lowsLeftBehind > 1000, $"the backlog should still be large when the criticals ran; {lowsLeftBehind} lows were left");
        // Only lows already chosen for a freeing slot while the critical deliveries were in flight may slip in.
        Assert.True(lowsStartedInBetween <= 2 * Slots, $"{lowsStartedInBetween} low tasks started between the critical submit and the last critical start");
    }
}
