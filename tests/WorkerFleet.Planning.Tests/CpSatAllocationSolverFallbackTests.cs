using WorkerFleet.Planning.Optimal;
using WorkerFleet.Scheduling.Balancing;
using static WorkerFleet.Planning.Tests.PlanningTestKit;
using static WorkerFleet.Tests.Shared.TestFleets;

namespace WorkerFleet.Planning.Tests;

/// <summary>
/// The greedy plan (kept or as fallback), empty rounds, and the solver's guards. Workers from
/// <see cref="WorkerFleet.Tests.Shared.TestFleets.Worker"/> drain 1 ms per task, so a load in ms is a task count.
/// </summary>
public class CpSatAllocationSolverFallbackTests
{
    private static readonly BalancingOptions Defaults = new();

    [Fact]
    public void Solve_KeepsTheGreedyPlan_WhenItReachesFurtherThanTheKByKCandidates()
    {
        // With k = 2, CP-SAT sees hot4 and hot3 and two thieves; the planner sees all five of each.
        WorkerLoad[] fleet = [.. Enumerable.Range(0, 5).Select(i => Worker($"hot{i}", 300 + i)), .. Enumerable.Range(0, 5).Select(i => Worker($"idle{i}", i))];
        var solver = new CpSatAllocationSolver(solverOptions: new CpSatSolverOptions { CandidatesPerSide = 2 });

        var plan = solver.Solve(fleet, NoConstraints, Limit, Now);

        AssertValid(fleet, plan, NoConstraints, Defaults);
        var report = solver.LastSolve!;
        Assert.Equal((2, 2, 4), (report.Victims, report.Thieves, report.Pairs));
        Assert.Equal(CpSatOutcome.GreedyBetter, report.Outcome);
        Assert.Equal("OPTIMAL", report.SolverStatus);
        var greedy = new MigrationPlanner().Plan(fleet, Now);
        Assert.Equal(greedy.Migrations.Select(m => (m.VictimId, m.ThiefId, m.Level, m.Count)), plan.Migrations.Select(m => (m.VictimId, m.ThiefId, m.Level, m.Count)));
        Assert.All(plan.Migrations, m => Assert.StartsWith("greedy plan kept: it leaves the longest drain at ", m.Reason, StringComparison.Ordinal));
        Assert.Equal(LongestAfter(fleet, greedy.Migrations), report.LongestDrainAfterMs, 9);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(10L)]
    [InlineData(10_000L)]
    [InlineData(50_000L)]
    public void Solve_StillReturnsAValidPlan_WhenTheTimeLimitIsTiny(long ticks)
    {
        WorkerLoad[] fleet = [Worker("hot", 300, busy: 100), Worker("w1"), Worker("w2"), Worker("w3", 20), Worker("w4", 250)];
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve(fleet, NoConstraints, TimeSpan.FromTicks(ticks), Now);

        AssertValid(fleet, plan, NoConstraints, Defaults);
        Assert.NotEmpty(plan.Migrations);
        var report = solver.LastSolve!;
        if (report.Outcome is CpSatOutcome.GreedyFallback or CpSatOutcome.GreedyBetter)
        {
            Assert.All(plan.Migrations, m => Assert.StartsWith("greedy ", m.Reason, StringComparison.Ordinal));
            Assert.NotNull(report.Detail);
        }
        else
        {
            Assert.Contains(report.Outcome, new[] { CpSatOutcome.Optimal, CpSatOutcome.Feasible });
            Assert.All(plan.Migrations, m => Assert.StartsWith("CP-SAT ", m.Reason, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Solve_FallsBackToTheGreedyPlanWithoutSearching_WhenTheLimitIsZero()
    {
        WorkerLoad[] fleet = [Worker("hot", 300, busy: 100), Worker("w1"), Worker("w2"), Worker("w3")];
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve(fleet, NoConstraints, TimeSpan.Zero, Now);

        Assert.Equal(CpSatOutcome.GreedyFallback, solver.LastSolve!.Outcome);
        Assert.Equal("NOT_RUN", solver.LastSolve.SolverStatus);
        var greedy = new MigrationPlanner().Plan(fleet, Now);
        Assert.Equal(greedy.Migrations.Select(m => (m.VictimId, m.ThiefId, m.Level, m.Count)), plan.Migrations.Select(m => (m.VictimId, m.ThiefId, m.Level, m.Count)));
        Assert.All(plan.Migrations, m => Assert.Contains("greedy fallback, CP-SAT had no time left to search: ", m.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Solve_AppliesCapsKindsAndBreakersToTheGreedyFallback()
    {
        WorkerLoad[] fleet =
        [
            Worker("hot", 300, busy: 100),
            Worker("capped"),
            Worker("sick", openBreakers: new HashSet<string> { "resize" }),
            Worker("picky"),
        ];
        var constraints = new AllocationConstraints
        {
            MaxTasks = new Dictionary<string, int> { ["capped"] = 7 },
            SupportedKinds = new Dictionary<string, IReadOnlySet<string>?> { ["picky"] = new HashSet<string> { "resize" } },
        };
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve(fleet, constraints, TimeSpan.Zero, Now);

        AssertValid(fleet, plan, constraints, Defaults);
        var only = Assert.Single(plan.Migrations);
        Assert.Equal(("capped", 7), (only.ThiefId, only.Count));
        Assert.Contains("by capped's task cap", only.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_ReturnsAnEmptyPlan_ForAnEmptyFleet()
    {
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve([], NoConstraints, Limit, Now);

        Assert.Empty(plan.Migrations);
        Assert.Equal(0, plan.MeanLoadMs);
        Assert.Equal(CpSatOutcome.NothingToBalance, solver.LastSolve!.Outcome);
    }

    [Fact]
    public void Solve_ReturnsAnEmptyPlan_ForAnIdleFleet()
    {
        WorkerLoad[] fleet = [Worker("w0"), Worker("w1"), Worker("w2")];
        var solver = new CpSatAllocationSolver();

        var plan = solver.Solve(fleet, NoConstraints, Limit, Now);

        Assert.Empty(plan.Migrations);
        Assert.Empty(plan.Overloaded);
        Assert.Equal(CpSatOutcome.NothingToBalance, solver.LastSolve!.Outcome);
        Assert.Equal("NOT_RUN", solver.LastSolve.SolverStatus);
    }

    [Fact]
    public void Solve_ReturnsAnEmptyPlan_WhenTheFleetIsWithinTolerance()
    {
        WorkerLoad[] fleet = [Worker("w0", 110), Worker("w1", 100), Worker("w2", 90)];

        Assert.Empty(new CpSatAllocationSolver().Solve(fleet, NoConstraints, Limit, Now).Migrations);
    }

    [Fact]
    public void Solve_Throws_WhenCalledAgainWhileItRuns()
    {
        WorkerLoad[] fleet = [Worker("hot", 300, busy: 100), Worker("w1")];
        var clock = new ReenteringClock();
        var solver = new CpSatAllocationSolver(timeProvider: clock);
        Exception? reentered = null;
        clock.OnNextTimestamp = () => reentered = Record.Exception(() => solver.Solve(fleet, NoConstraints, Limit, Now));

        var plan = solver.Solve(fleet, NoConstraints, Limit, Now);

        Assert.IsType<InvalidOperationException>(reentered);
        Assert.NotEmpty(plan.Migrations);
    }

    [Fact]
    public void Constructor_NamesEachInvalidSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new CpSatAllocationSolver(
            new BalancingOptions { Tolerance = 2 },
            new CpSatSolverOptions { CandidatesPerSide = 0, SearchWorkers = -1 }));

        Assert.Contains("Balancer:Tolerance", error.Message, StringComparison.Ordinal);
        Assert.Contains("Balancer:CpSat:CandidatesPerSide", error.Message, StringComparison.Ordinal);
        Assert.Contains("Balancer:CpSat:SearchWorkers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_RejectsANegativeMigrationCostOrTimeLimit()
    {
        var solver = new CpSatAllocationSolver();

        Assert.Throws<ArgumentOutOfRangeException>(() => solver.Solve([], new AllocationConstraints { MigrationCostMs = -1 }, Limit, Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => solver.Solve([], NoConstraints, TimeSpan.FromMilliseconds(-1), Now));
    }

    /// <summary>Runs an action inside the solver's first clock reading: a second caller arriving mid-solve.</summary>
    private sealed class ReenteringClock : TimeProvider
    {
        public Action? OnNextTimestamp { get; set; }

        public override long GetTimestamp()
        {
            var action = OnNextTimestamp;
            OnNextTimestamp = null;
            action?.Invoke();
            return base.GetTimestamp();
        }
    }
}
