using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class LostWorkerTests(BrokerFixture broker)
{
    private const int Slots = 2;

    [Fact]
    public async Task KilledWorker_HasItsBacklogDrainedByPeers_AndItsQueuesDeleted()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var fleet = new ProcessFleet(vhost.Broker);
        await fleet.StartBalancerAsync();
        var doomed = await fleet.StartWorkerAsync("doomed", Slots);
        await fleet.StartWorkerAsync("peer-1", Slots);
        await fleet.StartWorkerAsync("peer-2", Slots);

        const int Count = 1500;
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("k", Count, "sleep", sleepMs: 10));
        }

        await Wait.UntilAsync(() => doomed.ReadJournal().Count >= 50, TimeSpan.FromSeconds(60), "the doomed worker to run some tasks");
        await doomed.Process.KillAsync();

        await Wait.UntilAsync(() => fleet.Journal().Select(e => e.TaskId).Distinct().Count() == Count,
            TimeSpan.FromSeconds(90), "every task to complete");
        var entries = fleet.Journal();
        var duplicates = entries.Count - entries.Select(e => e.TaskId).Distinct().Count();

        // Only what the dead worker held unacked may run twice: its running slots plus its lookahead.
        Assert.InRange(duplicates, 0, TaskLevels.All.Count * 2 * Slots + Slots);
        Assert.All(entries, e => Assert.Equal("completed", e.Outcome));
        Assert.Contains(entries, e => e.SourceQueue.StartsWith("fleet.w.doomed.", StringComparison.Ordinal) && !e.FromOwnQueue);

        await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
        await using var probe = new QueueProbe(connection);
        await Wait.UntilAsync(
            () => TaskLevels.All.All(level => probe.ReadyCountAsync(BrokerNames.WorkerQueue("doomed", level), CancellationToken.None).Result is null),
            TimeSpan.FromSeconds(30), "the lost worker's queues to be deleted");
    }
}
