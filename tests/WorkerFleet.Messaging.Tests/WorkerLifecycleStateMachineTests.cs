using MassTransit;
using WorkerFleet.Contracts;
using WorkerFleet.Messaging.Balancer;

namespace WorkerFleet.Messaging.Tests;

public class WorkerLifecycleStateMachineTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Heartbeat_StartsJoining_WhenTheWorkerIsNew()
    {
        await using var h = await BalancerHarness.StartAsync();

        await h.PublishAsync(Beats.Idle("w1", sequence: 1));

        var id = await h.Saga.Exists(WorkerKey.For("w1"), m => m.Joining, BalancerHarness.Wait);
        Assert.NotNull(id);
        Assert.Equal(WorkerKey.For("w1"), id);
        var saga = h.Saga.Sagas.Contains(id.Value);
        Assert.NotNull(saga);
        Assert.Equal("w1", saga.WorkerId);
        Assert.Equal(1, saga.LastSequence);
        var (workerId, lifecycle, silentFor) = Assert.Single(h.Picture.Silence(h.Clock.GetUtcNow()));
        Assert.Equal("w1", workerId);
        Assert.Equal(WorkerLifecycleStates.Joining, lifecycle);
        Assert.Equal(TimeSpan.Zero, silentFor);
        Assert.True(Assert.Single(h.Picture.Loads()).Accepting);
    }

    [Fact]
    public async Task Heartbeat_MakesActive_WhenTheSecondArrives()
    {
        await using var h = await BalancerHarness.StartAsync();
        await h.PublishAsync(Beats.Idle("w1", sequence: 1));
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Joining, BalancerHarness.Wait));
        h.Clock.Advance(Interval);

        await h.PublishAsync(Beats.Idle("w1", sequence: 2));

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Active, BalancerHarness.Wait));
        Assert.Equal(2, h.Saga.Sagas.Contains(WorkerKey.For("w1"))?.LastSequence);
        var (workerId, lifecycle, silentFor) = Assert.Single(h.Picture.Silence(h.Clock.GetUtcNow()));
        Assert.Equal("w1", workerId);
        Assert.Equal(WorkerLifecycleStates.Active, lifecycle);
        Assert.Equal(TimeSpan.Zero, silentFor); // recorded at the second beat's arrival, not the first's
        Assert.Equal("w1", Assert.Single(h.Picture.InLifecycle(WorkerLifecycleStates.Active)).WorkerId);
        Assert.Empty(h.Picture.InLifecycle(WorkerLifecycleStates.Joining));
        Assert.True(Assert.Single(h.Picture.Loads()).Accepting);
    }

    [Fact]
    public async Task Heartbeat_MakesDraining_WhenTheWorkerReportsDraining()
    {
        await using var h = await ActiveAsync("w1");

        await h.PublishAsync(Beats.Draining("w1", sequence: 3));

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Draining, BalancerHarness.Wait));
        Assert.Equal(WorkerLifecycleStates.Draining, LifecycleOf(h, "w1"));
        Assert.False(Assert.Single(h.Picture.Loads()).Accepting);
    }

    [Fact]
    public async Task Heartbeat_StartsDraining_WhenTheFirstBeatIsDraining()
    {
        await using var h = await BalancerHarness.StartAsync();

        await h.PublishAsync(Beats.Draining("w1", sequence: 7));

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Draining, BalancerHarness.Wait));
        Assert.Equal(WorkerLifecycleStates.Draining, LifecycleOf(h, "w1"));
        Assert.False(Assert.Single(h.Picture.Loads()).Accepting);
    }

    [Fact]
    public async Task WorkerSilent_MakesSuspect_WhenTheWorkerIsActive()
    {
        await using var h = await ActiveAsync("w1");

        await h.PublishAsync(new WorkerSilent { WorkerId = "w1", SilentFor = 3 * Interval, Lost = false });

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Suspect, BalancerHarness.Wait));
        Assert.Equal(WorkerLifecycleStates.Suspect, LifecycleOf(h, "w1"));
        Assert.False(Assert.Single(h.Picture.Loads()).Accepting);
    }

    [Fact]
    public async Task WorkerSilent_KeepsSuspectWithoutFault_WhenReportedAgainBeforeLost()
    {
        // The loop reads the picture, not the saga: a second report can arrive before the first is applied.
        await using var h = await ActiveAsync("w1");
        await h.PublishAsync(new WorkerSilent { WorkerId = "w1", SilentFor = 3 * Interval, Lost = false });
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Suspect, BalancerHarness.Wait));

        await h.PublishAsync(new WorkerSilent { WorkerId = "w1", SilentFor = 4 * Interval, Lost = false });

        Assert.True(await h.Harness.Consumed.Any<WorkerSilent>(m => m.Context.Message.SilentFor == 4 * Interval));
        Assert.False(await h.Harness.Published.Any<Fault<WorkerSilent>>());
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Suspect, BalancerHarness.Wait));
        Assert.Equal(WorkerLifecycleStates.Suspect, LifecycleOf(h, "w1"));
    }

    [Fact]
    public async Task Heartbeat_MakesActiveAgain_WhenASuspectWorkerBeats()
    {
        await using var h = await ActiveAsync("w1");
        await h.PublishAsync(new WorkerSilent { WorkerId = "w1", SilentFor = 3 * Interval, Lost = false });
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Suspect, BalancerHarness.Wait));

        await h.PublishAsync(Beats.Idle("w1", sequence: 3));

        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Active, BalancerHarness.Wait));
        Assert.Equal(WorkerLifecycleStates.Active, LifecycleOf(h, "w1"));
        Assert.True(Assert.Single(h.Picture.Loads()).Accepting);
    }

    [Fact]
    public async Task WorkerLeft_FinalizesAndForgetsTheWorker_WhenItIsActive()
    {
        await using var h = await ActiveAsync("w1");
        Assert.Equal(1, h.Picture.Count);

        await h.PublishAsync(new WorkerLeft { WorkerId = "w1", LeftAt = h.Clock.GetUtcNow() });

        Assert.True(await h.Saga.Consumed.Any<WorkerLeft>());
        Assert.Null(await h.Saga.NotExists(WorkerKey.For("w1"), BalancerHarness.Wait));
        Assert.Equal(0, h.Picture.Count);
        Assert.Empty(h.Picture.Silence(h.Clock.GetUtcNow()));
        Assert.Empty(h.Picture.Loads());
    }

    // The two tests below seed the instance in Final: on the bus, whether a report finds the
    // finalized instance or none at all is a race (it is removed after the message that finalized it).
    [Fact]
    public async Task LateReports_AreIgnoredWithoutFault_WhenTheWorkerHasLeftButItsInstanceIsNotRemovedYet()
    {
        await using var h = await BalancerHarness.StartAsync();
        h.Seed(new WorkerLifecycle { CorrelationId = WorkerKey.For("w1"), WorkerId = "w1", CurrentState = h.Machine.Final.Name });

        await h.PublishAsync(new WorkerLeft { WorkerId = "w1", LeftAt = h.Clock.GetUtcNow() });
        await h.PublishAsync(new WorkerSilent { WorkerId = "w1", SilentFor = 10 * Interval, Lost = true });
        await h.PublishAsync(new WorkerQueuesRemoved { WorkerId = "w1" });

        Assert.True(await h.Harness.Consumed.Any<WorkerQueuesRemoved>());
        Assert.False(await h.Harness.Published.Any<Fault<WorkerLeft>>());
        Assert.False(await h.Harness.Published.Any<Fault<WorkerSilent>>());
        Assert.False(await h.Harness.Published.Any<Fault<WorkerQueuesRemoved>>());
        Assert.Null(await h.Saga.NotExists(WorkerKey.For("w1"), BalancerHarness.Wait));
        Assert.DoesNotContain(h.Queues.Calls, call => call.Action == "unbind");
    }

    [Fact]
    public async Task Heartbeat_IsIgnoredWithoutFault_WhenTheWorkerHasLeftButItsInstanceIsNotRemovedYet()
    {
        await using var h = await BalancerHarness.StartAsync();
        h.Seed(new WorkerLifecycle { CorrelationId = WorkerKey.For("w1"), WorkerId = "w1", CurrentState = h.Machine.Final.Name });

        await h.PublishAsync(Beats.Idle("w1", sequence: 1));

        Assert.True(await h.Harness.Consumed.Any<WorkerHeartbeat>());
        Assert.False(await h.Harness.Published.Any<Fault<WorkerHeartbeat>>());
        Assert.Null(await h.Saga.NotExists(WorkerKey.For("w1"), BalancerHarness.Wait));
        Assert.Equal(0, h.Picture.Count); // the worker, if it is alive, is back at its next beat
    }

    [Fact]
    public async Task WorkerQueuesRemoved_IsIgnoredWithoutFault_WhenTheWorkerIsActiveAgain()
    {
        await using var h = await ActiveAsync("w1");

        await h.PublishAsync(new WorkerQueuesRemoved { WorkerId = "w1" });

        Assert.True(await h.Harness.Consumed.Any<WorkerQueuesRemoved>());
        Assert.False(await h.Harness.Published.Any<Fault<WorkerQueuesRemoved>>());
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For("w1"), m => m.Active, BalancerHarness.Wait));
        Assert.Equal(WorkerLifecycleStates.Active, LifecycleOf(h, "w1"));
    }

    [Fact]
    public async Task WorkerSilent_CreatesNoInstance_WhenTheWorkerIsUnknown()
    {
        await using var h = await BalancerHarness.StartAsync();

        await h.PublishAsync(new WorkerSilent { WorkerId = "ghost", SilentFor = 10 * Interval, Lost = true });

        Assert.True(await h.Harness.Consumed.Any<WorkerSilent>());
        Assert.False(await h.Harness.Published.Any<Fault<WorkerSilent>>());
        Assert.Null(await h.Saga.Exists(WorkerKey.For("ghost"), TimeSpan.FromMilliseconds(200)));
        Assert.False(await h.Saga.Created.Any());
        Assert.Equal(0, h.Picture.Count);
    }

    [Fact]
    public async Task Heartbeats_GoToDistinctInstances_WhenTwoWorkersBeat()
    {
        await using var h = await BalancerHarness.StartAsync();

        await h.PublishAsync(Beats.Idle("w1", sequence: 1));
        await h.PublishAsync(Beats.Idle("w2", sequence: 1));
        await h.PublishAsync(Beats.Idle("w1", sequence: 2));

        var first = await h.Saga.Exists(WorkerKey.For("w1"), m => m.Active, BalancerHarness.Wait);
        var second = await h.Saga.Exists(WorkerKey.For("w2"), m => m.Joining, BalancerHarness.Wait);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal("w1", h.Saga.Sagas.Contains(first.Value)?.WorkerId);
        Assert.Equal("w2", h.Saga.Sagas.Contains(second.Value)?.WorkerId);
        Assert.Equal(2, h.Saga.Created.Select((WorkerLifecycle _) => true).Count());
        Assert.Equal(WorkerLifecycleStates.Active, LifecycleOf(h, "w1"));
        Assert.Equal(WorkerLifecycleStates.Joining, LifecycleOf(h, "w2"));
    }

    /// <summary>A worker that has beaten twice (Active), the clock one interval on.</summary>
    private static async Task<BalancerHarness> ActiveAsync(string workerId)
    {
        var h = await BalancerHarness.StartAsync();
        await h.PublishAsync(Beats.Idle(workerId, sequence: 1));
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For(workerId), m => m.Joining, BalancerHarness.Wait));
        h.Clock.Advance(Interval);
        await h.PublishAsync(Beats.Idle(workerId, sequence: 2));
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For(workerId), m => m.Active, BalancerHarness.Wait));
        return h;
    }

    private static string LifecycleOf(BalancerHarness h, string workerId) =>
        h.Picture.Silence(h.Clock.GetUtcNow()).Single(w => w.WorkerId == workerId).Lifecycle;
}
