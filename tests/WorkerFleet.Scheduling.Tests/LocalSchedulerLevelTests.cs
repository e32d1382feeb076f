using static WorkerFleet.Scheduling.Tests.SchedulerTestKit;

namespace WorkerFleet.Scheduling.Tests;

public class LocalSchedulerLevelTests
{
    [Fact]
    public void TryDequeue_FollowsSmoothWeightedRoundRobin_WhenWeightsAre3To2To1()
    {
        // Credits (H, N, L) before -> after each pick, total 6:
        // (0,0,0)+w=(3,2,1) H -> (-3,2,1); (0,4,2) N -> (0,-2,2); (3,0,3) tie H/L, H stricter -> (-3,0,3);
        // (0,2,4) L -> (0,2,-2); (3,4,-1) N -> (3,-2,-1); (6,0,0) H -> (0,0,0): the cycle repeats.
        var scheduler = new LocalScheduler<TaskLevel>();
        foreach (var level in new[] { TaskLevel.High, TaskLevel.Normal, TaskLevel.Low })
        {
            for (var i = 0; i < 20; i++)
            {
                scheduler.Enqueue(level, Info(level), Now);
            }
        }

        TaskLevel[] cycle = [TaskLevel.High, TaskLevel.Normal, TaskLevel.High, TaskLevel.Low, TaskLevel.Normal, TaskLevel.High];
        Assert.Equal([.. cycle, .. cycle], DequeueMany(scheduler, 12, Now));
    }

    [Fact]
    public void TryDequeue_GivesNoBurstToALevel_WhenItWasEmptyDuringEarlierPicks()
    {
        var scheduler = new LocalScheduler<TaskLevel>();
        for (var i = 0; i < 10; i++)
        {
            scheduler.Enqueue(TaskLevel.High, Info(TaskLevel.High), Now);
        }

        Assert.Equal(Enumerable.Repeat(TaskLevel.High, 5), DequeueMany(scheduler, 5, Now));
        for (var i = 0; i < 10; i++)
        {
            scheduler.Enqueue(TaskLevel.Low, Info(TaskLevel.Low), Now);
        }

        // Weights 3:1 from equal credits: H, H, L, H. Had low earned credit while empty, it would lead.
        Assert.Equal([TaskLevel.High, TaskLevel.High, TaskLevel.Low, TaskLevel.High], DequeueMany(scheduler, 4, Now));
    }

    [Theory]
    [InlineData(4999, "high")]
    [InlineData(5000, "low-old")]
    [InlineData(60_000, "low-old")]
    public void TryDequeue_LiftsLowByAging_OnlyWhenItsOldestTaskWaitedAtLeastTheThreshold(int waitedMs, string expectedFirst)
    {
        // Unaged, high (0.3) beats low (0.1) on the first pick; aged, low weighs 0.1 + 0.3 = 0.4 and wins.
        var scheduler = new LocalScheduler<string>();
        var later = Now.AddMilliseconds(waitedMs);
        scheduler.Enqueue("low-old", Info(TaskLevel.Low), Now);
        scheduler.Enqueue("high", Info(TaskLevel.High), later);

        Assert.True(scheduler.TryDequeue(later, out var first));
        Assert.Equal(expectedFirst, first);
    }

    [Fact]
    public void TryDequeue_StopsBoostingLow_WhenItsAgedTasksHaveLeft()
    {
        var scheduler = new LocalScheduler<string>();
        var later = Now.AddSeconds(10);
        scheduler.Enqueue("low-old", Info(TaskLevel.Low), Now);
        Fill(scheduler, TaskLevel.Low, 50, "low-", later);
        Fill(scheduler, TaskLevel.High, 50, "high-", later);

        Assert.True(scheduler.TryDequeue(later, out var first));
        Assert.Equal("low-old", first);

        // Unboosted, low's share is 0.1 / 0.4: 3 of 12 picks, +-1 for the credit left by the first pick.
        // Still boosted (0.4 / 0.7) it would take about 7.
        var lows = DequeueMany(scheduler, 12, later).Count(name => name.StartsWith("low", StringComparison.Ordinal));
        Assert.InRange(lows, 2, 4);
    }

    [Fact]
    public void TryDequeue_NeverAges_WhenAgingBoostIsZero()
    {
        var scheduler = new LocalScheduler<string>(new SchedulerOptions { AgingBoost = 0 });
        var later = Now.AddHours(1);
        scheduler.Enqueue("low-old", Info(TaskLevel.Low), Now);
        scheduler.Enqueue("high", Info(TaskLevel.High), later);

        Assert.True(scheduler.TryDequeue(later, out var first));
        Assert.Equal("high", first);
    }

    [Fact]
    public void UpdateOptions_ChangesTheRatio_AndKeepsQueuedTasks()
    {
        var scheduler = new LocalScheduler<TaskLevel>();
        for (var i = 0; i < 20; i++)
        {
            scheduler.Enqueue(TaskLevel.High, Info(TaskLevel.High), Now);
            scheduler.Enqueue(TaskLevel.Low, Info(TaskLevel.Low), Now);
        }

        scheduler.UpdateOptions(new SchedulerOptions { HighWeight = 0.1, LowWeight = 0.3 });

        Assert.Equal(40, scheduler.Count);
        var picks = DequeueMany(scheduler, 8, Now);
        Assert.Equal(6, picks.Count(level => level == TaskLevel.Low));
        Assert.Equal(2, picks.Count(level => level == TaskLevel.High));
        Assert.Equal(32, scheduler.Count);
    }

    [Fact]
    public void UpdateOptions_ThrowsNamingTheSetting_AndKeepsTheOldOptions_WhenInvalid()
    {
        var original = new SchedulerOptions { HighWeight = 0.5 };
        var scheduler = new LocalScheduler<string>(original);

        var error = Assert.Throws<ArgumentException>(() => scheduler.UpdateOptions(new SchedulerOptions { NormalWeight = 0 }));

        Assert.Contains("Scheduler:NormalWeight", error.Message, StringComparison.Ordinal);
        Assert.Same(original, scheduler.Options);
    }

    [Fact]
    public void Constructor_ThrowsNamingTheSetting_WhenOptionsAreInvalid()
    {
        var error = Assert.Throws<ArgumentException>(() => new LocalScheduler<string>(new SchedulerOptions { AgingThreshold = TimeSpan.Zero }));

        Assert.Contains("Scheduler:AgingThreshold must be > 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountOf_TracksEachLevel_AsTasksComeAndGo()
    {
        var scheduler = new LocalScheduler<string>();
        Fill(scheduler, TaskLevel.Critical, 2, "c", Now);
        Fill(scheduler, TaskLevel.High, 3, "h", Now);
        Fill(scheduler, TaskLevel.Low, 4, "l", Now);

        Assert.Equal(9, scheduler.Count);
        Assert.Equal([2, 3, 0, 4], TaskLevels.All.Select(scheduler.CountOf));

        DequeueMany(scheduler, 3, Now);

        Assert.Equal(6, scheduler.Count);
        Assert.Equal(0, scheduler.CountOf(TaskLevel.Critical));
        Assert.Equal(6, scheduler.CountOf(TaskLevel.High) + scheduler.CountOf(TaskLevel.Low));
    }

    [Fact]
    public void TryDequeue_ReturnsFalse_WhenEmpty()
    {
        var scheduler = new LocalScheduler<string>();

        Assert.False(scheduler.TryDequeue(Now, out var item));
        Assert.Null(item);
    }

    [Fact]
    public void RemoveAll_ReturnsEveryHeldTaskInPickOrderOfLevels_AndEmptiesTheScheduler()
    {
        var scheduler = new LocalScheduler<string>();
        scheduler.Enqueue("low-1", Info(TaskLevel.Low, tenant: "b"), Now);
        scheduler.Enqueue("normal-1", Info(TaskLevel.Normal), Now);
        scheduler.Enqueue("crit-late", Info(TaskLevel.Critical, deadline: Now.AddMinutes(5)), Now);
        scheduler.Enqueue("high-1", Info(TaskLevel.High, tenant: "a"), Now);
        scheduler.Enqueue("low-2", Info(TaskLevel.Low, tenant: "a"), Now);
        scheduler.Enqueue("crit-soon", Info(TaskLevel.Critical, deadline: Now.AddMinutes(1)), Now);
        scheduler.Enqueue("high-2", Info(TaskLevel.High, tenant: "b"), Now);

        var held = scheduler.RemoveAll();

        Assert.Equal(["crit-soon", "crit-late", "high-1", "high-2", "normal-1", "low-1", "low-2"], held);
        Assert.Equal(0, scheduler.Count);
        Assert.All(TaskLevels.All, level => Assert.Equal(0, scheduler.CountOf(level)));
        Assert.False(scheduler.TryDequeue(Now, out _));
    }

    [Fact]
    public void RemoveAll_LeavesAWorkingScheduler_WithFreshRoundRobinCredit()
    {
        var scheduler = new LocalScheduler<TaskLevel>();
        foreach (var level in new[] { TaskLevel.High, TaskLevel.Normal, TaskLevel.Low })
        {
            scheduler.Enqueue(level, Info(level), Now);
            scheduler.Enqueue(level, Info(level), Now);
        }

        DequeueMany(scheduler, 2, Now);
        scheduler.RemoveAll();
        foreach (var level in new[] { TaskLevel.High, TaskLevel.Normal, TaskLevel.Low })
        {
            for (var i = 0; i < 3; i++)
            {
                scheduler.Enqueue(level, Info(level), Now);
            }
        }

        Assert.Equal([TaskLevel.High, TaskLevel.Normal, TaskLevel.High, TaskLevel.Low, TaskLevel.Normal, TaskLevel.High], DequeueMany(scheduler, 6, Now));
    }

    [Fact]
    public void Enqueue_Throws_WhenCostIsNegativeOrNotFinite()
    {
        var scheduler = new LocalScheduler<string>();

        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Enqueue("x", Info(TaskLevel.Low, costMs: -1), Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Enqueue("x", Info(TaskLevel.Low, costMs: double.NaN), Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Enqueue("x", Info(TaskLevel.Low, costMs: double.PositiveInfinity), Now));
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public void Enqueue_Throws_WhenLevelIsUndefined()
    {
        var scheduler = new LocalScheduler<string>();

        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Enqueue("x", Info((TaskLevel)7), Now));
        Assert.Equal(0, scheduler.Count);
    }
}
