using WorkerFleet.Contracts;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class PeerStealingTests(BrokerFixture broker)
{
    /// <summary>Heartbeats and unanswered steal requests five times a second.</summary>
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Worker:HeartbeatInterval"] = "00:00:00.200",
        ["Worker:StealRequestTimeout"] = "00:00:00.200",
    };

    [Fact]
    public async Task IdleWorkers_StealFromABusyPeer_WhenNoBalancerRuns()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        await using var a = await TestWorker.StartAsync(vhost.Broker, "p2c-a", 2, observer, Fast);
        await using var b = await TestWorker.StartAsync(vhost.Broker, "p2c-b", 2, observer, Fast);
        await using var c = await TestWorker.StartAsync(vhost.Broker, "p2c-c", 2, observer, Fast);
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

    [Fact]
    public async Task Workers_HearPeersHeartbeats_OnlyWhileNoBalancerAnswers()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var interval = TimeSpan.FromMilliseconds(200);
        var balancer = await TestBalancer.StartAsync(vhost.Broker, "steal", interval);
        await using var a = await TestWorker.StartAsync(vhost.Broker, "hear-a", 2, observer, Fast);
        await using var b = await TestWorker.StartAsync(vhost.Broker, "hear-b", 2, observer, Fast);

        // Idle beside a balancer that answers their steal requests: five heartbeats each, none heard.
        await Task.Delay(5 * interval);
        Assert.Empty(a.Peers.Fresh());
        Assert.Empty(b.Peers.Fresh());

        // No balancer: a steal request goes unanswered and the workers begin to hear each other.
        await balancer.DisposeAsync();
        await Wait.UntilAsync(() => a.Peers.Fresh().Any(p => p.WorkerId == "hear-b") && b.Peers.Fresh().Any(p => p.WorkerId == "hear-a"),
            TimeSpan.FromSeconds(10), "the workers hear each other once no balancer answers");

        // A balancer answers again: they stop hearing, and what they heard ages out.
        await using var again = await TestBalancer.StartAsync(vhost.Broker, "steal", interval);
        await Wait.UntilAsync(() => a.Peers.Fresh().Count == 0 && b.Peers.Fresh().Count == 0,
            TimeSpan.FromSeconds(10), "the workers stop hearing each other once a balancer answers");
    }

    [Fact]
    public async Task AStoppingWorker_KeepsItsQueues_WhileAPeerHoldsATaskItStole()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();

        // The victim's steal requests never time out, so it never needs its peers before it stops: it
        // must begin to hear them then, or it would not know the thief and would delete the queue the
        // thief holds a task from.
        var patient = new Dictionary<string, string?>(Fast) { ["Worker:StealRequestTimeout"] = "00:10:00" };
        await using var victim = await TestWorker.StartAsync(vhost.Broker, "rel-v", 1, observer, patient);
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("long", 8, "sleep", sleepMs: 3000));
        }

        await using var thief = await TestWorker.StartAsync(vhost.Broker, "rel-t", 1, observer, Fast);
        await Wait.UntilAsync(() => thief.Counters.Stolen > 0, TimeSpan.FromSeconds(10), "the thief to steal from the victim");
        Assert.Empty(victim.Peers.Fresh());

        await victim.StopAsync();

        // The thief runs its stolen tasks one after another, 3 s each: it still holds one.
        await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
        await using var probe = new QueueProbe(connection);
        Assert.NotNull(await probe.ReadyCountAsync(BrokerNames.WorkerQueue("rel-v", TaskLevel.Normal), CancellationToken.None));

        await observer.WaitForDistinctAsync(8, TimeSpan.FromSeconds(60));
        Assert.Equal(8, observer.Records.Count);
    }

    [Fact]
    public async Task WithoutABalancer_EachHeartbeatReachesOneSamplingWorker_NotEveryWorker()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var workers = new List<TestWorker>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                workers.Add(await TestWorker.StartAsync(vhost.Broker, $"smp-{i}", 1, observer, Fast));
            }

            await Wait.UntilAsync(() => workers.All(w => w.Peers.HeartbeatsHeard > 0), TimeSpan.FromSeconds(10), "every idle worker to sample its peers");

            // A tap on the heartbeat exchange counts what the workers published meanwhile.
            await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
            await using var channel = await connection.CreateChannelAsync();
            var tap = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
            await channel.QueueBindAsync(tap, ControlEndpoints.Heartbeats, string.Empty);
            var heardBefore = workers.Sum(w => w.Peers.HeartbeatsHeard);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var heard = workers.Sum(w => w.Peers.HeartbeatsHeard) - heardBefore;
            var published = (await channel.QueueDeclarePassiveAsync(tap)).MessageCount;

            // Every worker hearing every heartbeat would hear four times what was published.
            Assert.InRange(published, 40u, 80u);
            Assert.InRange(heard, published / 2, published * 3 / 2);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
