using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Messaging;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class HeartbeatTests(BrokerFixture broker)
{
    [Fact]
    public async Task Worker_PublishesLoadHeartbeats_AndAnnouncesItsGracefulStop()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var heard = new HeartbeatSink();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(heard);
        builder.Services.AddFleetControlPlane(vhost.Broker, bus =>
        {
            bus.AddConsumer<HeartbeatSink.HeartbeatConsumer>();
            bus.AddConsumer<HeartbeatSink.LeftConsumer>();
        });
        using var listener = builder.Build();
        await listener.StartAsync();
        await listener.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));

        var observer = new RecordingObserver();
        var worker = await TestWorker.StartAsync(vhost.Broker, "hb", 3, observer,
            new Dictionary<string, string?> { ["Worker:HeartbeatInterval"] = "00:00:00.200" });
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("t", 30, "sleep", sleepMs: 5));
        }

        await observer.WaitForDistinctAsync(30, TimeSpan.FromSeconds(30));
        await heard.WaitAsync(h => h.Completed == 30, TimeSpan.FromSeconds(10));
        await worker.DisposeAsync();
        await heard.WaitForLeftAsync(TimeSpan.FromSeconds(10));
        await listener.StopAsync();

        var last = heard.Beats.Last(h => h.Completed == 30);
        Assert.Equal("hb", last.WorkerId);
        Assert.Equal(3, last.Slots);
        Assert.Equal(3, last.RingWeight); // slots x speed 1: what the balancer unbinds with if the worker is lost
        Assert.True(last.EwmaServiceMs >= 4, $"EWMA service time {last.EwmaServiceMs} ms for 5 ms sleeps");
        Assert.Equal(["critical", "high", "low", "normal"], last.ReadyByLevel.Keys.Order());
        // Consumers run concurrently, so arrival order is not sequence order; each beat is numbered once.
        Assert.Equal(heard.Beats.Count, heard.Beats.Select(h => h.Sequence).Distinct().Count());
        Assert.Equal("hb", heard.Left!.WorkerId);
    }
}
