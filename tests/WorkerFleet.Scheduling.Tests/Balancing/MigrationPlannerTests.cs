using WorkerFleet.Scheduling.Balancing;
using static WorkerFleet.Scheduling.Tests.Balancing.BalancingTestKit;
using static WorkerFleet.Tests.Shared.TestFleets;

namespace WorkerFleet.Scheduling.Tests.Balancing;

/// <summary>
/// Workers from <see cref="WorkerFleet.Tests.Shared.TestFleets.Worker"/> drain 1 ms per task, so a load in ms is a task
/// count. Default tolerance 0.25: overloaded above 1.25 x mean, until below 1.125 x mean; underloaded
/// below 0.75 x mean.
/// </summary>
public class MigrationPlannerTests
{
    [Fact]
    public void Plan_PairsTheHeaviestOverloadedWithTheLightestUnderloaded()
    {
        WorkerLoad[] fleet = [Worker("w0", 400), Worker("w1", 300), Worker("w2", 100), Worker("w3", 100), Worker("w4", 0), Worker("w5", 20)];

        var plan = new MigrationPlanner().Plan(fleet, Now);

        Assert.Equal(920 / 6.0, plan.MeanLoadMs, 9);
        Assert.Equal(["w0", "w1"], plan.Overloaded);
        Assert.Equal(["w2", "w3", "w4", "w5"], plan.Underloaded);
        var first = plan.Migrations[0];
        Assert.Equal(("w0", "w4"), (first.VictimId, first.ThiefId));

        // w4 takes all its 100 free slots (its room below the mean is 153 tasks).
        Assert.Equal(100, first.Count);
        Assert.All(plan.Migrations, migration => Assert.Contains(migration.VictimId, plan.Overloaded));
        Assert.All(plan.Migrations, migration => Assert.Contains(migration.ThiefId, plan.Underloaded));
    }

    [Fact]
    public void Plan_KeepsVictimsAtOrAboveAndThievesAtOrBelowTheMean()
    {
        WorkerLoad[] fleet = [Worker("w0", 300), Worker("w1", 0), Worker("w2", 0)];

        var plan = new MigrationPlanner().Plan(fleet, Now);

        // Mean 100: w0 sheds 200, each thief takes up to the mean.
        Assert.Equal([("w1", 100), ("w2", 100)], plan.Migrations.Select(m => (m.ThiefId, m.Count)));
    }

    [Fact]
    public void Plan_KeepsAWorkerOverloaded_WhenItWasAndIsStillAboveTheLowerBand()
    {
        var planner = new MigrationPlanner();
        Assert.Equal(["w0"], planner.Plan([Worker("w0", 200), Worker("w1", 100), Worker("w2", 100), Worker("w3", 0)], Now).Overloaded);

        // Mean 100: 118 is under 125 (overloaded) but not under 112.5 (released).
        var plan = planner.Plan([Worker("w0", 118), Worker("w1", 94), Worker("w2", 94), Worker("w3", 94)], Now.AddSeconds(10));

        Assert.Equal(["w0"], plan.Overloaded);
    }

    [Fact]
    public void Plan_DoesNotCallAWorkerOverloaded_WhenItIsInTheBandButNeverWasOverloaded()
    {
        var plan = new MigrationPlanner().Plan([Worker("w0", 118), Worker("w1", 94), Worker("w2", 94), Worker("w3", 94)], Now);

        Assert.Empty(plan.Overloaded);
    }

    [Fact]
    public void Plan_ReleasesAnOverloadedWorker_WhenItFallsBelowTheLowerBand()
    {
        var planner = new MigrationPlanner();
        planner.Plan([Worker("w0", 200), Worker("w1", 100), Worker("w2", 100), Worker("w3", 0)], Now);

        Assert.Empty(planner.Plan([Worker("w0", 110), Worker("w1", 96), Worker("w2", 97), Worker("w3", 97)], Now.AddSeconds(10)).Overloaded);
        Assert.Empty(planner.Plan([Worker("w0", 118), Worker("w1", 94), Worker("w2", 94), Worker("w3", 94)], Now.AddSeconds(20)).Overloaded);
    }

    [Fact]
    public void Plan_SkipsAPair_UntilItsCooldownElapses()
    {
        var planner = new MigrationPlanner();
        WorkerLoad[] fleet = [Worker("w0", 200), Worker("w1", 0)];
        Assert.Single(planner.Plan(fleet, Now).Migrations);

        var during = planner.Plan(fleet, Now + TimeSpan.FromMilliseconds(1999));
        var after = planner.Plan(fleet, Now + TimeSpan.FromSeconds(2));

        Assert.Empty(during.Migrations);
        Assert.Equal(["w0"], during.Overloaded);
        Assert.Single(after.Migrations);
    }

    [Fact]
    public void Plan_GivesTheVictimAnotherThief_WhileTheLightestCoolsDownWithIt()
    {
        var planner = new MigrationPlanner();
        planner.Plan([Worker("w0", 200), Worker("w1", 0), Worker("w2", 100)], Now);

        var plan = planner.Plan([Worker("w0", 200), Worker("w1", 20), Worker("w2", 60)], Now.AddSeconds(1));

        var migration = Assert.Single(plan.Migrations);
        Assert.Equal(("w0", "w2"), (migration.VictimId, migration.ThiefId));
    }

    [Fact]
    public void Plan_SpillsIntoTheNextLevel_WhenTheStrictestRunsOut()
    {
        var victim = Worker("w0", ready: new Dictionary<TaskLevel, long> { [TaskLevel.Critical] = 3, [TaskLevel.High] = 200 });

        var plan = new MigrationPlanner().Plan([victim, Worker("w1", 0)], Now);

        Assert.Equal([(TaskLevel.Critical, 3), (TaskLevel.High, 97)], plan.Migrations.Select(m => (m.Level, m.Count)));
    }

    [Fact]
    public void Plan_GivesEveryMigrationAReasonNamingBothWorkers()
    {
        WorkerLoad[] fleet = [Worker("w0", 400), Worker("w1", 300), Worker("w2", 100), Worker("w3", 0), Worker("w4", 20)];

        var plan = new MigrationPlanner().Plan(fleet, Now);

        Assert.NotEmpty(plan.Migrations);
        Assert.All(plan.Migrations, migration =>
        {
            Assert.Contains($"{migration.VictimId} is overloaded", migration.Reason, StringComparison.Ordinal);
            Assert.Contains($"{migration.ThiefId} underloaded", migration.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(
            "w0 is overloaded (drains in 400 ms, fleet mean 164 ms) and w3 underloaded (0 ms); moving 100 normal tasks leaves them at 300 ms and 100 ms",
            plan.Migrations[0].Reason);
    }

    [Fact]
    public void Plan_LeavesNonAcceptingWorkersOut()
    {
        WorkerLoad[] fleet = [Worker("w0", 500, accepting: false), Worker("w1", 0, accepting: false), Worker("w2", 300), Worker("w3", 0)];

        var plan = new MigrationPlanner().Plan(fleet, Now);

        Assert.Equal(150, plan.MeanLoadMs);
        Assert.Equal(["w2"], plan.Overloaded);
        Assert.Equal(["w3"], plan.Underloaded);
        Assert.All(plan.Migrations, migration => Assert.Equal(("w2", "w3"), (migration.VictimId, migration.ThiefId)));
    }

    [Fact]
    public void Plan_LeavesAnOverloadedWorkerAlone_WhenItDrainsWithinTheStealThreshold()
    {
        var plan = new MigrationPlanner().Plan([Worker("w0", 40), Worker("w1", 0), Worker("w2", 0), Worker("w3", 0)], Now);

        Assert.Equal(["w0"], plan.Overloaded);
        Assert.Empty(plan.Migrations);
    }

    [Fact]
    public void Plan_StopsAtMaxMigrationsPerPlan()
    {
        var planner = new MigrationPlanner(new BalancingOptions { MaxMigrationsPerPlan = 1 });

        var plan = planner.Plan([Worker("w0", 400), Worker("w1", 400), Worker("w2", 0), Worker("w3", 0)], Now);

        Assert.Single(plan.Migrations);
    }

    [Fact]
    public void Plan_ReturnsNoMigration_WhenTheFleetIsIdle()
    {
        var plan = new MigrationPlanner().Plan([Worker("w0"), Worker("w1")], Now);

        Assert.Equal(0, plan.MeanLoadMs);
        Assert.Empty(plan.Migrations);
        Assert.Empty(plan.Overloaded);
        Assert.Empty(plan.Underloaded);
    }

    [Fact]
    public void Constructor_Throws_WhenTheOptionsAreInvalid()
    {
        var error = Assert.Throws<ArgumentException>(() => new MigrationPlanner(new BalancingOptions { MaxMigrationsPerPlan = 0 }));

        Assert.Contains("Balancer:MaxMigrationsPerPlan must be >= 1", error.Message, StringComparison.Ordinal);
    }
}
