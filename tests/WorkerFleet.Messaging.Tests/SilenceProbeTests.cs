using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Tests.Shared;

namespace WorkerFleet.Messaging.Tests;

/// <summary>
/// The balancer loop's failure detector: a silent worker whose queues lost their consumers is lost
/// at once; one that merely missed heartbeats goes the slow way (suspect, then lost).
/// </summary>
public sealed class SilenceProbeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task SilentWorker_WithoutConsumers_IsLostAtTheFirstProbe_AndDrainedInTheSameTick()
    {
        await using var h = await BalancerHarness.StartWithActiveWorkerAsync("w1");
        h.Queues.Unconsumed["w1"] = true;
        h.Queues.ReadyNormal["w1"] = 10;
        await using var loop = await StartLoopAsync(h);

        h.Clock.Advance(Interval); // silent 1 s: below ProbeAfter (1.25 s), nothing asked
        await Task.Delay(100);
        Assert.DoesNotContain(h.Queues.Calls, call => call.Action == "probe");

        await h.PublishAsync(Beats.Idle("w2", sequence: 1, slots: 3)); // a peer, beating on time
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w2"), m => m.Joining, BalancerHarness.Wait));
        h.Clock.Advance(Interval); // silent 2 s: probed, no consumer, lost (LostAfter is 5 s)
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Lost, BalancerHarness.Wait));
        Assert.Contains(("unbind", "w1", 4), h.Queues.Calls);

        // No later tick runs (the clock stays at 2 s): the peer's drain order came from this one.
        Assert.True(await h.Harness.Sent.Any<StealOrder>(sent => sent.Context.Message.VictimId == "w1" && sent.Context.Message.ThiefId == "w2"));
        var scrape = await ScrapedMetrics.CollectAsync(h.Registry);
        Assert.Equal(1, scrape.Value("fleet_balancer_lost_workers_total"));
        Assert.True(scrape.Value("fleet_balancer_orders_total", ("reason", BalancerMetrics.DrainOrder)) >= 1);
    }

    [Fact]
    public async Task SilentWorker_WithConsumers_IsOnlySuspect_UntilLostAfter()
    {
        await using var h = await BalancerHarness.StartWithActiveWorkerAsync("w1");
        await using var loop = await StartLoopAsync(h);

        h.Clock.Advance(Interval);
        h.Clock.Advance(Interval);
        h.Clock.Advance(Interval); // silent 3 s: suspect, though probed twice
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Suspect, BalancerHarness.Wait));
        Assert.Contains(("probe", "w1", 0), h.Queues.Calls);
        Assert.DoesNotContain(h.Queues.Calls, call => call.Action == "unbind");
    }

    [Fact]
    public async Task WorkerRaisedByTheBrokersEvents_IsProbedAtOnce_LostWithoutConsumers_AndDrainedOnTheProbesCounts()
    {
        await using var h = await BalancerHarness.StartWithActiveWorkerAsync("w1");
        h.Queues.Unconsumed["w1"] = true;
        await using var loop = await StartLoopAsync(h);

        h.Queues.ReadyNormal["w1"] = 10;
        await h.PublishAsync(Beats.Idle("w2", sequence: 1, slots: 3));
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w2"), m => m.Joining, BalancerHarness.Wait));

        // No clock advance: silent for 0 s, far below ProbeAfter; the event alone makes the tick.
        h.LossSignal.ConsumerGone("w1");
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Lost, BalancerHarness.Wait));
        Assert.Contains(("probe", "w1", 0), h.Queues.Calls);

        // Drained in that one tick on the ready counts the probe read: no second round trip.
        Assert.True(await h.Harness.Sent.Any<StealOrder>(sent => sent.Context.Message.VictimId == "w1" && sent.Context.Message.ThiefId == "w2"));
        Assert.DoesNotContain(("ready", "w1", 0), h.Queues.Calls);
    }

    [Fact]
    public async Task Loop_OpensItsBrokerConnectionAtStart_AndSendsAJoiningWorkerTheFleetConfiguration()
    {
        await using var h = await BalancerHarness.StartWithActiveWorkerAsync("w1");
        await using var loop = await StartLoopAsync(h);
        Assert.Contains(("warm-up", string.Empty, 0), h.Queues.Calls);

        await h.PublishAsync(Beats.Idle("w2", sequence: 1));
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w2"), m => m.Joining, BalancerHarness.Wait));
        h.Clock.Advance(Interval / 2);

        Assert.True(await h.Harness.Sent.Any<FleetConfigChanged>(sent => IsTo(sent, "w2")));

        h.Clock.Advance(Interval / 2); // the next tick greets no one again
        await Task.Delay(200);
        Assert.Single(h.Harness.Sent.Select<FleetConfigChanged>(sent => IsTo(sent, "w2")));
    }

    [Fact]
    public async Task WorkerFoundLost_IsSentNothing_WhileItsLifecycleCatchesUp()
    {
        // Its control exchange went with its connection: a send there fails (404) and closes the
        // channel other orders share (seen in a churn run: the drain orders failed with it).
        await using var h = await BalancerHarness.StartWithActiveWorkerAsync("w1");
        foreach (var sequence in new long[] { 1, 2 })
        {
            await h.PublishAsync(Beats.Loaded("w2", readyNormal: 400, sequence));
            await h.PublishAsync(Beats.Idle("w3", sequence));
        }

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w3"), m => m.Active, BalancerHarness.Wait));
        h.Queues.Unconsumed["w1"] = true;
        await using var loop = await StartLoopAsync(h);
        h.LossSignal.ConsumerGone("w1");

        // The tick's plan moved w2's backlog to the idle w3, and not to w1, idle in the picture too.
        Assert.True(await h.Harness.Sent.Any<StealOrder>(sent => sent.Context.Message.ThiefId == "w3" && sent.Context.Message.VictimId == "w2"));
        Assert.False(h.Harness.Sent.Select<StealOrder>(sent => sent.Context.Message.ThiefId == "w1").Any());
        Assert.False(h.Harness.Sent.Select<FleetConfigChanged>(sent => IsTo(sent, "w1")).Any());
    }

    [Fact]
    public async Task WorkerThatUnboundItsQueuesFirst_IsNotRaised_ItIsStoppingGracefully()
    {
        var signal = new ConsumerLossSignal();
        signal.QueueUnbound("w1");
        signal.ConsumerGone("w1");
        signal.ConsumerGone("w2");
        Assert.Equal(["w2"], signal.TakeRaised());

        signal.QueueBound("w1"); // started again
        signal.ConsumerGone("w1");
        Assert.Equal(["w1"], signal.TakeRaised());
        Assert.Empty(signal.TakeRaised());
    }

    [Theory]
    [InlineData("fleet.w.w1.critical", "w1")]
    [InlineData("fleet.w.a.b.low", "a.b")]
    [InlineData("fleet.w.w1.urgent", null)]
    [InlineData("fleet.ctl.w1", null)]
    [InlineData("fleet.w.normal", null)]
    public void WorkerOfQueue_ReadsTheWorkerFromALevelQueueName(string queue, string? worker) =>
        Assert.Equal(worker, ConsumerLossSignal.WorkerOfQueue(queue));

    private static bool IsTo(MassTransit.Testing.ISentMessage<FleetConfigChanged> sent, string workerId) =>
        sent.Context.TryGetPayload<MassTransit.RoutingKeySendContext>(out var routing) && routing.RoutingKey == workerId;

    private static async Task<RunningLoop> StartLoopAsync(BalancerHarness h)
    {
        var loop = new BalancerLoop(h.Picture, h.Settings, h.Queues, h.Harness.Bus, [],
            Options.Create(new BalancerOptions { HeartbeatInterval = Interval, BalanceInterval = 2 * Interval }),
            h.LossSignal, h.Metrics, h.Clock, NullLogger<BalancerLoop>.Instance);
        await loop.StartAsync(CancellationToken.None);

        // ExecuteAsync runs on its own thread (.NET 10): let it create its timer on the fake clock
        // before the test advances that clock, or the first ticks would be skipped.
        await Task.Delay(300);
        return new RunningLoop(loop);
    }

    private sealed class RunningLoop(BalancerLoop loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await loop.StopAsync(CancellationToken.None);
            loop.Dispose();
        }
    }
}
