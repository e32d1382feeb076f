using static WorkerFleet.Scheduling.Tests.SchedulerTestKit;

namespace WorkerFleet.Scheduling.Tests;

public class LocalSchedulerTenantTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(999)]
    public void TryDequeue_RunsNewTenantWithinTwoPicks_WhenAnotherTenantFloodedTheLevel(int servedBefore)
    {
        var scheduler = new LocalScheduler<string>();
        Fill(scheduler, TaskLevel.Normal, 1000, "a-", Now, tenant: "a");
        DequeueMany(scheduler, servedBefore, Now);

        scheduler.Enqueue("b-0", Info(TaskLevel.Normal, tenant: "b"), Now);

        Assert.Contains("b-0", DequeueMany(scheduler, 2, Now));
    }

    [Fact]
    public void TryDequeue_TreatsTheNullTenantAsOneTenant_WhenItFloodsTheLevel()
    {
        var scheduler = new LocalScheduler<string>();
        Fill(scheduler, TaskLevel.Low, 1000, "default-", Now, tenant: null);
        DequeueMany(scheduler, 3, Now);

        scheduler.Enqueue("named", Info(TaskLevel.Low, tenant: "named"), Now);

        Assert.Contains("named", DequeueMany(scheduler, 2, Now));
    }

    [Fact]
    public void TryDequeue_ServesTwoToOne_WhenTenantWeightsAreTwoToOne()
    {
        // Finish tags: gold k/2, silver k. The first 90 picks are exactly the tags <= 30: 60 gold, 30 silver.
        var scheduler = new LocalScheduler<string>(new SchedulerOptions
        {
            TenantWeights = new Dictionary<string, double> { ["gold"] = 2 },
        });
        for (var i = 0; i < 300; i++)
        {
            scheduler.Enqueue("gold", Info(TaskLevel.High, tenant: "gold"), Now);
            scheduler.Enqueue("silver", Info(TaskLevel.High, tenant: "silver"), Now);
        }

        var served = DequeueMany(scheduler, 90, Now);

        Assert.Equal(60, served.Count(name => name == "gold"));
        Assert.Equal(30, served.Count(name => name == "silver"));
    }

    [Fact]
    public void TryDequeue_ChargesDeclaredCost_WhenTenantsDeclareDifferentCosts()
    {
        var scheduler = new LocalScheduler<string>();
        for (var i = 0; i < 100; i++)
        {
            scheduler.Enqueue("slow", Info(TaskLevel.Normal, tenant: "slow", costMs: 30), Now);
            scheduler.Enqueue("fast", Info(TaskLevel.Normal, tenant: "fast", costMs: 10), Now);
        }

        var served = DequeueMany(scheduler, 40, Now);

        Assert.Equal(30, served.Count(name => name == "fast"));
        Assert.Equal(10, served.Count(name => name == "slow"));
    }

    [Fact]
    public void TryDequeue_KeepsArrivalOrder_WithinATenant()
    {
        var scheduler = new LocalScheduler<string>();
        for (var i = 0; i < 50; i++)
        {
            scheduler.Enqueue($"a-{i}", Info(TaskLevel.Low, tenant: "a", costMs: i % 7), Now);
            scheduler.Enqueue($"b-{i}", Info(TaskLevel.Low, tenant: "b", costMs: 3), Now);
        }

        var served = DequeueAll(scheduler, Now);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"a-{i}"), served.Where(name => name.StartsWith("a-", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"b-{i}"), served.Where(name => name.StartsWith("b-", StringComparison.Ordinal)));
    }

    [Fact]
    public void TryDequeue_GivesAReturningTenantItsShareOnly_WhenItWasIdleForAWhile()
    {
        var scheduler = new LocalScheduler<string>();
        scheduler.Enqueue("c", Info(TaskLevel.Normal, tenant: "c"), Now);
        Fill(scheduler, TaskLevel.Normal, 500, "a", Now, tenant: "a");
        Fill(scheduler, TaskLevel.Normal, 500, "b", Now, tenant: "b");
        DequeueMany(scheduler, 200, Now);

        Fill(scheduler, TaskLevel.Normal, 100, "c", Now, tenant: "c");
        var served = DequeueMany(scheduler, 30, Now);

        // Three equal tenants: c gets 10 of 30 (+-1). No credit saved while idle (it would take all 30),
        // no penalty for the 200 picks it missed (it would get none).
        Assert.InRange(served.Count(name => name.StartsWith('c')), 9, 11);
    }

    [Fact]
    public void TryDequeue_UsesTheDefaultTenantWeight_ForTenantsWithoutOne()
    {
        var scheduler = new LocalScheduler<string>(new SchedulerOptions
        {
            TenantWeights = new Dictionary<string, double> { ["listed"] = 1 },
            DefaultTenantWeight = 3,
        });
        for (var i = 0; i < 100; i++)
        {
            scheduler.Enqueue("listed", Info(TaskLevel.Normal, tenant: "listed"), Now);
            scheduler.Enqueue("unlisted", Info(TaskLevel.Normal, tenant: "unlisted"), Now);
            scheduler.Enqueue("default", Info(TaskLevel.Normal, tenant: null), Now);
        }

        var served = DequeueMany(scheduler, 70, Now);

        Assert.Equal(10, served.Count(name => name == "listed"));
        Assert.Equal(30, served.Count(name => name == "unlisted"));
        Assert.Equal(30, served.Count(name => name == "default"));
    }

    [Fact]
    public void TryDequeue_ReturnsEveryTaskInPerTenantOrder_WhenHolding100kTasks()
    {
        // Scale check (no timing): 100k tasks, 1000 tenants, three levels, varied costs, aging active.
        var scheduler = new LocalScheduler<(int Tenant, int Index, TaskLevel Level)>();
        var random = new Random(42);
        var nextIndex = new int[1000];
        var levels = new[] { TaskLevel.High, TaskLevel.Normal, TaskLevel.Low };
        for (var i = 0; i < 100_000; i++)
        {
            var tenant = random.Next(1000);
            var level = levels[tenant % 3];
            scheduler.Enqueue((tenant, nextIndex[tenant]++, level), Info(level, $"t{tenant}", costMs: random.Next(0, 50)), Now.AddMilliseconds(i));
        }

        Assert.Equal(100_000, scheduler.Count);
        var lastIndex = Enumerable.Repeat(-1, 1000).ToArray();
        var served = 0;
        var now = Now.AddSeconds(100);
        while (scheduler.TryDequeue(now, out var task))
        {
            Assert.Equal(lastIndex[task.Tenant] + 1, task.Index);
            lastIndex[task.Tenant] = task.Index;
            served++;
            now = now.AddMilliseconds(1);
        }

        Assert.Equal(100_000, served);
        Assert.Equal(nextIndex, lastIndex.Select(index => index + 1));
    }
}
