using RabbitMQ.Client;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>Routing only: queues are bound but nobody consumes, so every task stays where the hash put it.</summary>
[Collection(BrokerCollection.Name)]
public sealed class AffinityTests(BrokerFixture broker)
{
    [Fact]
    public async Task SameAffinityKey_LandsInOneWorkerQueue_WhileMembershipIsStable()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
        await BindWorkersAsync(connection, ("a", 1), ("b", 1), ("c", 1));
        var tasks = Enumerable.Range(0, 600).Select(i => Tasks.Make($"t-{i}", affinity: $"key-{i % 30}")).ToList();
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(tasks);
        }

        var placement = await DrainAffinitiesAsync(connection, "a", "b", "c");
        Assert.Equal(600, placement.Count);
        var queuesPerKey = placement.GroupBy(p => p.Affinity).ToDictionary(g => g.Key, g => g.Select(p => p.Worker).Distinct().Count());
        Assert.Equal(30, queuesPerKey.Count);
        Assert.All(queuesPerKey.Values, queues => Assert.Equal(1, queues));
        Assert.True(placement.Select(p => p.Worker).Distinct().Count() >= 2, "30 keys all hashed to one of three workers");
    }

    [Fact]
    public async Task WorkerOfCapacityTwo_ReceivesAboutTwiceTheTasks_OfCapacityOnePeer()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
        await BindWorkersAsync(connection, ("small", 1), ("big", 2));
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("t", 4000));
        }

        var placement = await DrainAffinitiesAsync(connection, "small", "big");
        var small = placement.Count(p => p.Worker == "small");
        var big = placement.Count(p => p.Worker == "big");
        Assert.Equal(4000, small + big);
        var ratio = (double)big / small;
        Assert.InRange(ratio, 1.6, 2.5);
    }

    private static async Task BindWorkersAsync(IConnection connection, params (string Id, int Weight)[] workers)
    {
        await using var channel = await connection.CreateChannelAsync();
        await FleetTopology.DeclareFleetAsync(channel, FleetQueueType.Classic, CancellationToken.None);
        foreach (var (id, weight) in workers)
        {
            await FleetTopology.DeclareWorkerQueuesAsync(channel, id, FleetQueueType.Classic, CancellationToken.None);
            await FleetTopology.BindWorkerQueuesAsync(channel, id, weight, CancellationToken.None);
        }
    }

    private static async Task<List<(string Worker, string Affinity)>> DrainAffinitiesAsync(IConnection connection, params string[] workers)
    {
        var placement = new List<(string, string)>();
        await using var reader = new QueueReader(connection);
        foreach (var worker in workers)
        {
            var queue = BrokerNames.WorkerQueue(worker, TaskLevel.Normal);
            while (await reader.TryGetAsync(queue, TaskLevel.Normal, CancellationToken.None) is { } delivery)
            {
                placement.Add((worker, delivery.Affinity!));
                await delivery.AckAsync();
            }
        }

        return placement;
    }
}
