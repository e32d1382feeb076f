using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// Handlers that block their thread (Thread.Sleep, synchronous I/O, a lock) are what many users
/// write. Each running slot then holds a thread-pool thread, and once every pool thread is blocked
/// the pool adds threads slowly, while the worker's deliveries, acks and heartbeats wait for the
/// same pool.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BlockingHandlerTests(BrokerFixture broker)
{
    [Fact]
    public async Task HandlersThatBlockTheirThread_RunInEverySlotAtOnce()
    {
        const int slots = 16;
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        using var rendezvous = new RendezvousHandler(slots, TimeSpan.FromSeconds(3));
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "blocking", slots, observer, services: rendezvous.Register);
        await using var client = await FleetClient.ConnectAsync(vhost.Broker);

        await client.SubmitBatchAsync(Tasks.Many("block", slots, RendezvousHandler.Kind));

        await observer.WaitForDistinctAsync(slots, TimeSpan.FromSeconds(60));
        Assert.Equal(slots, rendezvous.MetEveryone);
    }
}
