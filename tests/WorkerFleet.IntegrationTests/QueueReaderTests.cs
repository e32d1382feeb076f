using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// What a thief reports holding (WorkerHeartbeat.HoldingFrom) and why it must: a classic queue's
/// delete if-empty does not count a task taken with basic.get and not yet acked.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class QueueReaderTests(BrokerFixture broker)
{
    private static readonly string Victim = BrokerNames.WorkerQueue("victim", TaskLevel.Normal);

    [Fact]
    public async Task ATakenTask_IsReportedHeld_UntilItIsAcked()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var connection = await VictimWithTwoTasksAsync(vhost);
        await using var reader = new QueueReader(connection);

        Assert.Empty(await reader.HoldingFromAsync(CancellationToken.None));
        var first = await reader.TryGetAsync(Victim, TaskLevel.Normal, CancellationToken.None);
        var second = await reader.TryGetAsync(Victim, TaskLevel.Normal, CancellationToken.None);
        Assert.Equal([Victim], await reader.HoldingFromAsync(CancellationToken.None));

        await first!.AckAsync();
        Assert.Equal([Victim], await reader.HoldingFromAsync(CancellationToken.None));
        await second!.AckAsync();
        Assert.Empty(await reader.HoldingFromAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DeleteIfEmpty_TakesAQueueWhoseTasksAreAllHeld_SoTheHoldersMustBeAskedFirst()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var connection = await VictimWithTwoTasksAsync(vhost);
        await using var reader = new QueueReader(connection);
        await reader.TryGetAsync(Victim, TaskLevel.Normal, CancellationToken.None);
        var held = await reader.TryGetAsync(Victim, TaskLevel.Normal, CancellationToken.None);

        // The broker's own check passes with the task held: the queue goes, and the held task
        // can no longer be acked or requeued anywhere. QueueRelease exists for this.
        Assert.Equal(0, await FleetTopology.DeleteIdleWorkerQueuesAsync(connection, "victim", FleetQueueType.Classic, CancellationToken.None));
        await using var probe = new QueueProbe(connection);
        Assert.Null(await probe.ReadyCountAsync(Victim, CancellationToken.None));
        Assert.NotNull(held);
    }

    private static async Task<RabbitMQ.Client.IConnection> VictimWithTwoTasksAsync(TestVhost vhost)
    {
        var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
        await using (var channel = await connection.CreateChannelAsync())
        {
            await FleetTopology.DeclareFleetAsync(channel, FleetQueueType.Classic, CancellationToken.None);
            await FleetTopology.DeclareWorkerQueuesAsync(channel, "victim", FleetQueueType.Classic, CancellationToken.None);
            await FleetTopology.BindWorkerQueuesAsync(channel, "victim", 4, CancellationToken.None);
        }

        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("t", 2));
        }

        return connection;
    }
}
