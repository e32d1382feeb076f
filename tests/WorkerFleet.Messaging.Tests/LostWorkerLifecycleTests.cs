using WorkerFleet.Contracts;
using WorkerFleet.Messaging.Balancer;

namespace WorkerFleet.Messaging.Tests;

/// <summary>The lost-worker path of the lifecycle, with the queue operations recorded instead of done.</summary>
public sealed class LostWorkerLifecycleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task WorkerSilentLost_UnbindsItsQueuesWithItsWeight_WhenTheWorkerIsSuspect()
    {
        await using var h = await SuspectAsync("w1");

        await h.PublishAsync(new WorkerSilent { WorkerId = "w1", SilentFor = 5 * Interval, Lost = true });

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Lost, BalancerHarness.Wait));
        Assert.Contains(("unbind", "w1", 4), h.Queues.Calls);
        Assert.Equal(["w1"], h.Picture.InLifecycle(WorkerLifecycleStates.Lost).Select(b => b.WorkerId));
        Assert.Empty(h.Picture.Loads());
    }

    [Fact]
    public async Task Heartbeat_RebindsAndReactivates_WhenALostWorkerReturns()
    {
        await using var h = await LostAsync("w1");

        await h.PublishAsync(Beats.Idle("w1", sequence: 1, slots: 3));

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Active, BalancerHarness.Wait));
        Assert.Contains(("rebind", "w1", 3), h.Queues.Calls);
        Assert.True(Assert.Single(h.Picture.Loads()).Accepting);
    }

    [Fact]
    public async Task WorkerSilentLost_UnbindsWithTheRingWeightItReported_WhenItIsNotItsCapacity()
    {
        // Set apart from its 4 slots (Worker:RingWeight): an unbind with its capacity would name a
        // binding that does not exist and leave the real one routing tasks to a dead worker.
        await using var h = await SuspectAsync("w1", ringWeight: 1);

        await h.PublishAsync(new WorkerSilent { WorkerId = "w1", SilentFor = 5 * Interval, Lost = true });

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Lost, BalancerHarness.Wait));
        Assert.Contains(("unbind", "w1", 1), h.Queues.Calls);
    }

    [Fact]
    public async Task Heartbeat_RebindsWithItsReportedRingWeight_WhenALostWorkerReturns()
    {
        await using var h = await LostAsync("w1");

        await h.PublishAsync(Beats.Idle("w1", sequence: 1, slots: 3) with { RingWeight = 7 });

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Active, BalancerHarness.Wait));
        Assert.Contains(("rebind", "w1", 7), h.Queues.Calls);
    }

    [Fact]
    public async Task WorkerQueuesRemoved_FinalizesAndForgets_WhenTheWorkerIsLost()
    {
        await using var h = await LostAsync("w1");

        await h.PublishAsync(new WorkerQueuesRemoved { WorkerId = "w1" });

        Assert.True(await h.Harness.Consumed.Any<WorkerQueuesRemoved>());
        Assert.Null(await h.Saga.NotExists(WorkerKey.For("w1"), BalancerHarness.Wait));
        Assert.Equal(0, h.Picture.Count);
    }

    private static async Task<BalancerHarness> SuspectAsync(string workerId, int ringWeight = 0)
    {
        var h = await BalancerHarness.StartWithActiveWorkerAsync(workerId, ringWeight);
        await h.PublishAsync(new WorkerSilent { WorkerId = workerId, SilentFor = 3 * Interval, Lost = false });
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For(workerId), m => m.Suspect, BalancerHarness.Wait));
        return h;
    }

    private static async Task<BalancerHarness> LostAsync(string workerId)
    {
        var h = await SuspectAsync(workerId);
        await h.PublishAsync(new WorkerSilent { WorkerId = workerId, SilentFor = 5 * Interval, Lost = true });
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For(workerId), m => m.Lost, BalancerHarness.Wait));
        return h;
    }
}
