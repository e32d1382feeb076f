using static WorkerFleet.Scheduling.Tests.SchedulerTestKit;

namespace WorkerFleet.Scheduling.Tests;

public class LocalSchedulerCriticalTests
{
    [Fact]
    public void TryDequeue_ReturnsCriticalFirst_WhenOtherLevelsWereEnqueuedEarlier()
    {
        var scheduler = new LocalScheduler<string>();
        scheduler.Enqueue("high", Info(TaskLevel.High), Now);
        scheduler.Enqueue("low", Info(TaskLevel.Low), Now);
        scheduler.Enqueue("normal", Info(TaskLevel.Normal), Now);
        scheduler.Enqueue("critical", Info(TaskLevel.Critical), Now);

        Assert.True(scheduler.TryDequeue(Now, out var first));
        Assert.Equal("critical", first);
    }

    [Fact]
    public void TryDequeue_ReturnsCriticalFirst_WhenOtherLevelsHaveAged()
    {
        var scheduler = new LocalScheduler<string>();
        scheduler.Enqueue("low", Info(TaskLevel.Low), Now);
        scheduler.Enqueue("critical", Info(TaskLevel.Critical), Now.AddHours(1));

        Assert.Equal(["critical", "low"], DequeueAll(scheduler, Now.AddHours(1)));
    }

    [Fact]
    public void TryDequeue_FollowsEarliestDeadline_WithNullDeadlinesLastAndFifoTies()
    {
        var scheduler = new LocalScheduler<string>();
        var t = Now;
        scheduler.Enqueue("none-1", Info(TaskLevel.Critical), Now);
        scheduler.Enqueue("t+30-1", Info(TaskLevel.Critical, deadline: t.AddSeconds(30)), Now);
        scheduler.Enqueue("t+10", Info(TaskLevel.Critical, deadline: t.AddSeconds(10)), Now);
        scheduler.Enqueue("none-2", Info(TaskLevel.Critical), Now);
        scheduler.Enqueue("t+30-2", Info(TaskLevel.Critical, deadline: t.AddSeconds(30)), Now);
        scheduler.Enqueue("max", Info(TaskLevel.Critical, deadline: DateTimeOffset.MaxValue), Now);
        scheduler.Enqueue("t-5", Info(TaskLevel.Critical, deadline: t.AddSeconds(-5)), Now);

        Assert.Equal(["t-5", "t+10", "t+30-1", "t+30-2", "max", "none-1", "none-2"], DequeueAll(scheduler, Now));
    }

    [Fact]
    public void TryDequeue_ComparesDeadlinesAsInstants_WhenOffsetsDiffer()
    {
        var scheduler = new LocalScheduler<string>();
        var utcNoon = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        scheduler.Enqueue("12:30Z", Info(TaskLevel.Critical, deadline: utcNoon.AddMinutes(30)), Now);
        scheduler.Enqueue("13:15+02 (11:15Z)", Info(TaskLevel.Critical, deadline: new DateTimeOffset(2025, 1, 1, 13, 15, 0, TimeSpan.FromHours(2))), Now);

        Assert.Equal(["13:15+02 (11:15Z)", "12:30Z"], DequeueAll(scheduler, Now));
    }

    [Fact]
    public void TryDequeue_IgnoresTenantsAndCost_WhenLevelIsCritical()
    {
        var scheduler = new LocalScheduler<string>(new SchedulerOptions
        {
            TenantWeights = new Dictionary<string, double> { ["heavy"] = 100 },
        });
        scheduler.Enqueue("light-1", Info(TaskLevel.Critical, tenant: "light", costMs: 1000), Now);
        scheduler.Enqueue("heavy-1", Info(TaskLevel.Critical, tenant: "heavy", costMs: 1), Now);
        scheduler.Enqueue("light-2", Info(TaskLevel.Critical, tenant: "light", costMs: 1000), Now);

        Assert.Equal(["light-1", "heavy-1", "light-2"], DequeueAll(scheduler, Now));
    }
}
