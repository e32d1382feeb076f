using WorkerFleet.Planning.Optimal;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;
using static WorkerFleet.Planning.Tests.PlanningTestKit;
using static WorkerFleet.Tests.Shared.TestFleets;

namespace WorkerFleet.Planning.Tests;

/// <summary>
/// Workers from <see cref="WorkerFleet.Tests.Shared.TestFleets.Worker"/> drain 1 ms per task unless a test says
/// otherwise, so a load in ms is a task count. Default options: tolerance 0.25, steal threshold 50 ms.
/// </summary>
public class CpSatAllocationSolverTests
{
    private static readonly BalancingOptions Defaults = new();

    [Fact]
    public void Solve_BringsTheHotWorkerDownToTheMean_WhenThreeIdleWorkersHaveRoom()
    {
        // Mean 100: the hot worker sheds its 300 ready tasks, 100 to each idle one.
        WorkerLoad[] fleet = [Worker("hot", 300, busy: 100), Worker("w1"), Worker("w2"), Worker("w3")];
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve(fleet, NoConstraints, Limit, Now);

        AssertValid(fleet, plan, NoConstraints, Defaults);
        Assert.Equal(CpSatOutcome.Optimal, solver.LastSolve!.Outcome);
        Assert.Equal(100, plan.MeanLoadMs, 9);
        Assert.Equal(["hot"], plan.Overloaded);
        Assert.All(plan.Migrations, m => Assert.Equal("hot", m.VictimId));
        var longest = LongestAfter(fleet, plan.Migrations);
        Assert.True(longest <= plan.MeanLoadMs + 1, $"longest drain after {longest} ms, mean {plan.MeanLoadMs} ms");
        Assert.True(longest <= LongestAfter(fleet, new MigrationPlanner().Plan(fleet, Now).Migrations) + 1);
        Assert.Equal(longest, solver.LastSolve.LongestDrainAfterMs, 9);
        Assert.Equal(400, solver.LastSolve.LongestDrainBeforeMs, 9);
    }

    [Fact]
    public void Solve_CutsTheLongestDrainAtLeastAsFarAsGreedy_WhenFreeSlotsBind()
    {
        // 8 slots of 20 ms: 2.5 ms per task. The hot worker drains in 160 ms; each idle one can take
        // only its 8 free slots, so the mean (40 ms) is out of reach this round.
        WorkerLoad[] fleet =
        [
            Worker("hot", 56, busy: 8, slots: 8, serviceMs: 20),
            Worker("w1", slots: 8, serviceMs: 20),
            Worker("w2", slots: 8, serviceMs: 20),
            Worker("w3", slots: 8, serviceMs: 20),
        ];
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve(fleet, NoConstraints, Limit, Now);

        AssertValid(fleet, plan, NoConstraints, Defaults);
        var greedyLongest = LongestAfter(fleet, new MigrationPlanner().Plan(fleet, Now).Migrations);
        var longest = LongestAfter(fleet, plan.Migrations);
        Assert.True(longest <= greedyLongest + 2.5, $"CP-SAT leaves {longest} ms, greedy {greedyLongest} ms");
        Assert.Equal(100, longest, 9);
    }

    [Fact]
    public void Solve_SaysItComesFromCpSat_InEveryReason()
    {
        WorkerLoad[] fleet = [Worker("hot", 300, busy: 100), Worker("w1"), Worker("w2"), Worker("w3")];

        var plan = new CpSatAllocationSolver().Solve(fleet, NoConstraints, Limit, Now);

        Assert.NotEmpty(plan.Migrations);
        Assert.All(plan.Migrations, m => Assert.StartsWith("CP-SAT OPTIMAL (objective ", m.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Solve_SendsTheStrictestLevelsFirst_ToTheLightestThief()
    {
        var ready = new Dictionary<TaskLevel, long> { [TaskLevel.Low] = 200, [TaskLevel.Critical] = 30, [TaskLevel.High] = 20 };
        WorkerLoad[] fleet = [Worker("hot", ready: ready, busy: 100), Worker("w1", 10), Worker("w2", 40)];

        var plan = new CpSatAllocationSolver().Solve(fleet, NoConstraints, Limit, Now);

        AssertValid(fleet, plan, NoConstraints, Defaults);
        var first = plan.Migrations[0];
        Assert.Equal(("w1", TaskLevel.Critical), (first.ThiefId, first.Level));
    }

    [Fact]
    public void Solve_KeepsEachThiefWithinItsTaskCap()
    {
        WorkerLoad[] fleet = [Worker("hot", 300, busy: 100), Worker("w1", 5), Worker("w2", 20), Worker("w3")];
        var constraints = new AllocationConstraints { MaxTasks = new Dictionary<string, int> { ["w1"] = 30, ["w2"] = 10 } };
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve(fleet, constraints, Limit, Now);

        AssertValid(fleet, plan, constraints, Defaults);
        Assert.Equal(25, plan.Migrations.Where(m => m.ThiefId == "w1").Sum(m => m.Count));

        // w2 already holds more than its cap: it gets nothing.
        Assert.DoesNotContain(plan.Migrations, m => m.ThiefId == "w2");
        Assert.Contains(plan.Migrations, m => m.ThiefId == "w3");
    }

    [Fact]
    public void Solve_NeverGivesWork_ToAWorkerNotAcceptingOrWithAnOpenBreaker()
    {
        WorkerLoad[] fleet =
        [
            Worker("hot", 300, busy: 100),
            Worker("draining", accepting: false),
            Worker("sick", openBreakers: new HashSet<string> { "resize" }),
            Worker("w3"),
            Worker("gone-hot", 500, accepting: false),
        ];
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve(fleet, NoConstraints, Limit, Now);

        AssertValid(fleet, plan, NoConstraints, Defaults);
        Assert.NotEmpty(plan.Migrations);
        Assert.All(plan.Migrations, m => Assert.Equal(("hot", "w3"), (m.VictimId, m.ThiefId)));
    }

    [Fact]
    public void Solve_GivesARestrictedThiefOnlyVictimsWhoseKindsItRuns()
    {
        WorkerLoad[] fleet = [Worker("hot-resize", 300), Worker("hot-any", 300), Worker("resizer"), Worker("w4")];
        var constraints = new AllocationConstraints
        {
            SupportedKinds = new Dictionary<string, IReadOnlySet<string>?>
            {
                ["hot-resize"] = new HashSet<string> { "resize" },
                ["resizer"] = new HashSet<string> { "resize", "thumbnail" },
            },
        };

        var plan = new CpSatAllocationSolver().Solve(fleet, constraints, Limit, Now);

        AssertValid(fleet, plan, constraints, Defaults);
        Assert.Contains(plan.Migrations, m => m.ThiefId == "resizer");
        Assert.All(plan.Migrations.Where(m => m.ThiefId == "resizer"), m => Assert.Equal("hot-resize", m.VictimId));
        Assert.Contains(plan.Migrations, m => (m.VictimId, m.ThiefId) == ("hot-any", "w4"));
    }

    [Fact]
    public void Solve_StopsSheddingTowardsTheMean_WhenOneTaskSavesLessThanTheMigrationCost()
    {
        // "stuck" drains 600 ms from one slot (one task running, one ready at 300 ms each): shedding its
        // ready task leaves it at 300 ms, the longest drain whatever else moves. "warm" (400 ms, 1 ms
        // per task) must come down to 300 for that; below, towards the mean (250 ms), only the
        // tie-break pulls, and only while a task saves more than it costs to move.
        WorkerLoad[] fleet = [Worker("stuck", 1, busy: 1, slots: 1, serviceMs: 300), Worker("warm", 400), Worker("w3"), Worker("w4")];

        var cheap = new CpSatAllocationSolver().Solve(fleet, new AllocationConstraints { MigrationCostMs = 0.01 }, Limit, Now);
        var dear = new CpSatAllocationSolver().Solve(fleet, new AllocationConstraints { MigrationCostMs = 5 }, Limit, Now);

        Assert.Equal(300, LongestAfter(fleet, cheap.Migrations), 9);
        Assert.Equal(300, LongestAfter(fleet, dear.Migrations), 9);
        Assert.Equal(250, DrainAfter(fleet, cheap.Migrations)["warm"], 9);
        Assert.Equal(300, DrainAfter(fleet, dear.Migrations)["warm"], 9);
    }

    [Fact]
    public void Solve_LeavesAPairAlone_WhileItCoolsDown()
    {
        WorkerLoad[] fleet = [Worker("hot", 300, busy: 100), Worker("w1")];
        var solver = new CpSatAllocationSolver();
        Assert.NotEmpty(solver.Solve(fleet, NoConstraints, Limit, Now).Migrations);

        var cooling = solver.Solve(fleet, NoConstraints, Limit, Now.AddSeconds(1));
        var coolingOutcome = solver.LastSolve!.Outcome;
        var cooled = solver.Solve(fleet, NoConstraints, Limit, Now.AddSeconds(2));

        // Default PairCooldown: 2 s.
        Assert.Empty(cooling.Migrations);
        Assert.Equal(CpSatOutcome.NothingToBalance, coolingOutcome);
        Assert.NotEmpty(cooled.Migrations);
    }
}
