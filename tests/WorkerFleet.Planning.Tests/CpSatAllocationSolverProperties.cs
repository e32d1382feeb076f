using WorkerFleet.Planning.Optimal;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;
using static WorkerFleet.Planning.Tests.PlanningTestKit;

namespace WorkerFleet.Planning.Tests;

/// <summary>
/// The solver's guarantees over generated fleets (seeded, so a failure replays): mixed slots,
/// sampled and unsampled service times, busy slots, ready tasks at every level, draining workers,
/// open breakers, caps and kind sets, over several rounds so that cooldowns and hysteresis carry.
/// </summary>
public class CpSatAllocationSolverProperties
{
    private const int Fleets = 60;

    // Loads are sums of products of doubles: compare with a margin far below one task's drain.
    private const double Slack = 1e-6;

    [Fact]
    public void Solve_KeepsEveryBound_ForAnyFleet()
    {
        var outcomes = new List<CpSatOutcome>();
        for (var seed = 0; seed < Fleets; seed++)
        {
            var random = new Random(seed);
            var options = new BalancingOptions { MaxMigrationsPerPlan = random.Next(1, 40), Tolerance = random.NextDouble() * 0.5 };
            var solver = new CpSatAllocationSolver(options, new CpSatSolverOptions { CandidatesPerSide = random.Next(1, 12) });
            for (var round = 0; round < 3; round++)
            {
                var fleet = Fleet(random, constrained: true);
                var constraints = Constraints(random, fleet);
                // A quarter without time (the fallback), a quarter with 1 ms (whatever CP-SAT manages).
                var limit = TimeSpan.FromMilliseconds(random.Next(0, 4) switch { 0 => 0, 1 => 1, _ => 500 });

                var plan = solver.Solve(fleet, constraints, limit, Now.AddSeconds(round));

                AssertValid(fleet, plan, constraints, options);
                outcomes.Add(solver.LastSolve!.Outcome);
                var before = fleet.Where(w => w.Accepting).Select(w => w.ExpectedDrainMs(options.DefaultServiceMs)).DefaultIfEmpty(0).Max();
                Assert.True(solver.LastSolve!.LongestDrainAfterMs <= before + Slack, $"seed {seed} round {round}: the longest drain grew");
            }
        }

        // Each path was taken, so the bounds above were checked on each kind of plan.
        Assert.Contains(CpSatOutcome.Optimal, outcomes);
        Assert.Contains(CpSatOutcome.GreedyBetter, outcomes);
        Assert.Contains(CpSatOutcome.GreedyFallback, outcomes);
        Assert.Contains(CpSatOutcome.NothingToBalance, outcomes);
    }

    [Fact]
    public void Solve_BalancesAtLeastAsWellAsGreedy_WhenNothingButSlotsAndReadyTasksBind()
    {
        for (var seed = 0; seed < Fleets; seed++)
        {
            var random = new Random(1000 + seed);
            var fleet = Fleet(random, constrained: false);
            var solver = new CpSatAllocationSolver();

            var plan = solver.Solve(fleet, NoConstraints, Limit, Now);

            AssertValid(fleet, plan, NoConstraints, solver.Options);
            if (solver.LastSolve!.Outcome == CpSatOutcome.Optimal)
            {
                // The greedy plan is one of the plans CP-SAT chose among (its pairs are candidates
                // and its amounts within the same bounds), so only rounding to whole units separates them.
                var greedy = LongestAfter(fleet, new MigrationPlanner().Plan(fleet, Now).Migrations);
                var oneTask = fleet.Max(w => w.PerTaskMs(solver.Options.DefaultServiceMs));
                Assert.True(LongestAfter(fleet, plan.Migrations) <= greedy + oneTask, $"seed {seed}: CP-SAT {LongestAfter(fleet, plan.Migrations)} ms, greedy {greedy} ms");
            }
        }
    }

    /// <summary>Up to 30 workers (under the default k = 32, so every greedy pair is a candidate pair).</summary>
    private static WorkerLoad[] Fleet(Random random, bool constrained)
    {
        var count = random.Next(0, 31);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var slots = random.Next(1, 17);
            var hot = random.Next(0, 4) == 0;
            return new WorkerLoad
            {
                WorkerId = $"w{i}",
                Slots = slots,
                BusySlots = random.Next(0, slots + 1),
                Speed = 0.5 + random.NextDouble(),
                EwmaServiceMs = random.Next(0, 4) == 0 ? null : 1 + (random.NextDouble() * 50),
                Accepting = !constrained || random.Next(0, 8) != 0,
                OpenBreakers = constrained && random.Next(0, 8) == 0 ? new HashSet<string> { "resize" } : new HashSet<string>(),
                Ready = TaskLevels.All.ToDictionary(level => level, _ => (long)random.Next(0, hot ? 200 : 6)),
            };
        })];
    }

    private static AllocationConstraints Constraints(Random random, WorkerLoad[] fleet)
    {
        string[] kinds = ["resize", "thumbnail", "transcode"];
        var caps = new Dictionary<string, int>();
        var kindSets = new Dictionary<string, IReadOnlySet<string>?>();
        foreach (var worker in fleet)
        {
            if (random.Next(0, 3) == 0)
            {
                caps[worker.WorkerId] = random.Next(0, 60);
            }

            if (random.Next(0, 3) == 0)
            {
                kindSets[worker.WorkerId] = kinds.Where(_ => random.Next(0, 2) == 0).ToHashSet();
            }
        }

        return new AllocationConstraints { MaxTasks = caps, SupportedKinds = kindSets, MigrationCostMs = random.NextDouble() * 3 };
    }
}
