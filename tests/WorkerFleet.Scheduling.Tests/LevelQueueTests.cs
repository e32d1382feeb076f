using static WorkerFleet.Scheduling.Tests.SchedulerTestKit;

namespace WorkerFleet.Scheduling.Tests;

public class LevelQueueTests
{
    [Fact]
    public void OldestEnqueuedAt_SkipsTasksThatLeftOutOfArrivalOrder()
    {
        var level = new LevelQueue<string>();
        level.Enqueue("a1", "a", 1, 100, 0, Now);
        level.Enqueue("b1", "b", 1, 1, 1, Now.AddSeconds(1));
        level.Enqueue("b2", "b", 1, 1, 2, Now.AddSeconds(2));

        Assert.Equal("b1", level.Dequeue());
        Assert.Equal(Now, level.OldestEnqueuedAt());
        Assert.Equal("b2", level.Dequeue());
        Assert.Equal(Now, level.OldestEnqueuedAt());
        Assert.Equal("a1", level.Dequeue());
        Assert.Null(level.OldestEnqueuedAt());
    }

    [Fact]
    public void OldestEnqueuedAt_MovesToTheNextArrival_WhenTheOldestLeaves()
    {
        var level = new LevelQueue<string>();
        level.Enqueue("a1", "a", 1, 1, 0, Now);
        level.Enqueue("a2", "a", 1, 1, 1, Now.AddSeconds(3));

        level.Dequeue();

        Assert.Equal(Now.AddSeconds(3), level.OldestEnqueuedAt());
    }

    [Fact]
    public void Dequeue_ForgetsEveryTenant_WhenTheLevelDrains()
    {
        var level = new LevelQueue<int>();
        for (var i = 0; i < 100; i++)
        {
            level.Enqueue(i, i % 2 == 0 ? null : $"t{i}", 1, 1, i, Now);
        }

        Assert.Equal(51, level.TrackedTenants);
        for (var i = 0; i < 100; i++)
        {
            level.Dequeue();
        }

        Assert.Equal(0, level.TrackedTenants);
    }

    [Fact]
    public void Dequeue_KeepsTenantStateBounded_WhenManyShortLivedTenantsPassThroughABusyLevel()
    {
        // The level never drains (a steady backlog), so only pruning can forget the 10,000 one-task tenants.
        var level = new LevelQueue<string>();
        long sequence = 0;
        for (var i = 0; i < 100; i++)
        {
            level.Enqueue("steady", "steady", 1, 1, sequence++, Now);
        }

        var mostTracked = 0;
        for (var i = 0; i < 10_000; i++)
        {
            level.Enqueue("once", $"once-{i}", 1, 1, sequence++, Now);
            level.Enqueue("steady", "steady", 1, 1, sequence++, Now);
            level.Dequeue();
            level.Dequeue();
            mostTracked = Math.Max(mostTracked, level.TrackedTenants);
        }

        Assert.True(level.Count > 0);
        Assert.InRange(mostTracked, 1, 200);
    }

    [Fact]
    public void Enqueue_ChargesAFloorCost_WhenCostIsZero()
    {
        // Zero-cost tasks still advance their tenant's virtual time, so another tenant's unit task
        // does not wait behind an unbounded number of them (here: 1 / MinCost = 1000).
        var level = new LevelQueue<string>();
        long sequence = 0;
        for (var i = 0; i < 2000; i++)
        {
            level.Enqueue("free", "free", 1, 0, sequence++, Now);
        }

        level.Enqueue("paid", "paid", 1, 1, sequence, Now);

        var position = Enumerable.Range(1, 2001).First(_ => level.Dequeue() == "paid");
        Assert.InRange(position, 1000, 1002);
    }
}
