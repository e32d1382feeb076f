using WorkerFleet.Scheduling.Balancing;
using static WorkerFleet.Scheduling.Tests.Balancing.BalancingTestKit;
using static WorkerFleet.Tests.Shared.TestFleets;

namespace WorkerFleet.Scheduling.Tests.Balancing;

/// <summary>Workers from <see cref="WorkerFleet.Tests.Shared.TestFleets.Worker"/> drain 1 ms per task unless set otherwise.</summary>
public class StealPolicyTests
{
    private static readonly WorkerLoad IdleThief = Worker("t");

    [Fact]
    public void ChooseVictim_PicksTheHeaviestWorker_WhenSeveralAreAboveTheThreshold()
    {
        WorkerLoad[] fleet = [IdleThief, Worker("w1", normal: 60), Worker("w2", normal: 120), Worker("w3", normal: 30)];

        var migration = StealPolicy.ChooseVictim(IdleThief, fleet, Defaults);

        Assert.NotNull(migration);
        Assert.Equal("w2", migration.VictimId);
        Assert.Equal("t", migration.ThiefId);
        Assert.Equal(TaskLevel.Normal, migration.Level);
        Assert.Equal(60, migration.Count);
    }

    [Fact]
    public void ChooseVictim_ReturnsNull_WhenNoWorkerDrainsAboveTheThreshold()
    {
        WorkerLoad[] fleet = [IdleThief, Worker("w1", normal: 50), Worker("w2", normal: 10, busy: 30)];

        Assert.Null(StealPolicy.ChooseVictim(IdleThief, fleet, Defaults));
    }

    [Fact]
    public void ChooseVictim_ReturnsNull_WhenTheHeavyWorkerHasOnlyBusySlots()
    {
        WorkerLoad[] fleet = [IdleThief, Worker("w1", busy: 100, serviceMs: 1000)];

        Assert.Null(StealPolicy.ChooseVictim(IdleThief, fleet, Defaults));
    }

    [Fact]
    public void ChooseVictim_TakesTheStrictestLevelWithReadyTasks_BoundedByItsReadyCount()
    {
        var victim = Worker("w1", ready: new Dictionary<TaskLevel, long> { [TaskLevel.Low] = 100, [TaskLevel.High] = 30, [TaskLevel.Normal] = 50 });

        var migration = StealPolicy.ChooseVictim(IdleThief, [victim], Defaults);

        Assert.NotNull(migration);
        Assert.Equal(TaskLevel.High, migration.Level);
        Assert.Equal(30, migration.Count);
        Assert.Contains("all the victim's ready high tasks", migration.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseVictim_TakesNoMoreThanTheThiefsFreeSlots()
    {
        var thief = Worker("t", slots: 6, busy: 2, serviceMs: 6);

        var migration = StealPolicy.ChooseVictim(thief, [Worker("w1", normal: 200)], Defaults);

        Assert.NotNull(migration);
        Assert.Equal(4, migration.Count);
        Assert.Contains("free slots", migration.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseVictim_MovesHalfTheGap_WhenThiefAndVictimAreAlike()
    {
        var thief = Worker("t", busy: 20);

        var migration = StealPolicy.ChooseVictim(thief, [Worker("w1", normal: 120)], Defaults);

        Assert.NotNull(migration);
        Assert.Equal(50, migration.Count);
        Assert.Equal("victim w1 drains in 120 ms vs thief t in 20 ms; moving 50 normal tasks leaves them at 70 ms and 70 ms (as even as whole tasks allow)", migration.Reason);
    }

    [Fact]
    public void ChooseVictim_MovesFewerTasks_WhenTheThiefIsSlower()
    {
        // Victim: 10 tasks, 10 ms each on one slot (100 ms). Thief: 30 ms per task per slot.
        var victim = Worker("w1", normal: 10, slots: 1, serviceMs: 10);
        var thief = Worker("t", slots: 3, serviceMs: 90);

        var migration = StealPolicy.ChooseVictim(thief, [victim], Defaults);

        // (100 - 0) / (10 + 30) = 2.5: two tasks leave 80 ms vs 60 ms; three would make the thief slower.
        Assert.NotNull(migration);
        Assert.Equal(2, migration.Count);
    }

    [Fact]
    public void ChooseVictim_ReturnsNull_WhenNoWholeTaskCanMoveWithoutOvershooting()
    {
        var victim = Worker("w1", normal: 1, slots: 1, serviceMs: 60);
        var thief = Worker("t", slots: 1, serviceMs: 100);

        Assert.Null(StealPolicy.ChooseVictim(thief, [victim], Defaults));
    }

    [Fact]
    public void ChooseVictim_FallsBackToALighterVictim_WhenTheHeaviestAllowsNoMove()
    {
        var heaviest = Worker("w1", normal: 1, slots: 1, serviceMs: 1000);
        var lighter = Worker("w2", normal: 300);
        var thief = Worker("t", slots: 1, serviceMs: 100);

        var migration = StealPolicy.ChooseVictim(thief, [heaviest, lighter], Defaults);

        Assert.NotNull(migration);
        Assert.Equal("w2", migration.VictimId);
        Assert.Equal(1, migration.Count);
    }

    [Fact]
    public void ChooseVictim_SkipsADrainingVictim()
    {
        WorkerLoad[] fleet = [Worker("w1", normal: 500, accepting: false), Worker("w2", normal: 100)];

        var migration = StealPolicy.ChooseVictim(IdleThief, fleet, Defaults);

        Assert.NotNull(migration);
        Assert.Equal("w2", migration.VictimId);
    }

    [Fact]
    public void ChooseVictim_ReturnsNull_WhenTheThiefIsDraining()
    {
        var thief = Worker("t", accepting: false);

        Assert.Null(StealPolicy.ChooseVictim(thief, [Worker("w1", normal: 500)], Defaults));
    }

    [Fact]
    public void ChooseVictim_ReturnsNull_WhenTheThiefHasNoFreeSlot()
    {
        var thief = Worker("t", slots: 2, busy: 2, serviceMs: 2);

        Assert.Null(StealPolicy.ChooseVictim(thief, [Worker("w1", normal: 500)], Defaults));
    }

    [Fact]
    public void ChooseVictim_NeverPicksTheThiefItself()
    {
        var thief = Worker("t", normal: 500, busy: 10);

        Assert.Null(StealPolicy.ChooseVictim(thief, [thief, Worker("w1", normal: 100)], Defaults));
    }

    [Fact]
    public void ChooseVictim_ReturnsNull_WhenTheThiefsBreakerIsOpenForTheKind()
    {
        var thief = IdleThief with { OpenBreakers = new HashSet<string> { "resize" } };
        WorkerLoad[] fleet = [Worker("w1", normal: 500)];

        Assert.Null(StealPolicy.ChooseVictim(thief, fleet, Defaults, kindFilter: "resize"));
        Assert.NotNull(StealPolicy.ChooseVictim(thief, fleet, Defaults, kindFilter: "thumbnail"));
    }

    [Fact]
    public void ChooseVictim_Throws_WhenTheOptionsAreInvalid()
    {
        var error = Assert.Throws<ArgumentException>(() => StealPolicy.ChooseVictim(IdleThief, [], new BalancingOptions { Tolerance = 2 }));

        Assert.Contains("Balancer:Tolerance", error.Message, StringComparison.Ordinal);
    }
}
