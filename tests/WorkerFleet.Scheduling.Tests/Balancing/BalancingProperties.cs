using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using WorkerFleet.Scheduling.Balancing;
using static WorkerFleet.Scheduling.Tests.Balancing.BalancingTestKit;

namespace WorkerFleet.Scheduling.Tests.Balancing;

/// <summary>
/// Properties of the planner and the steal policy over generated fleets: mixed slots, speeds,
/// sampled and unsampled service times, busy slots, ready counts at every level, draining workers,
/// and options across their valid range. The planner runs several rounds, so hysteresis and
/// cooldowns carried from earlier rounds are exercised too.
/// </summary>
public class BalancingProperties
{
    // Loads are sums of products of doubles: compare with a margin far below one task's drain.
    private const double Slack = 1e-6;

    // A bound binds only in some shapes of fleet; 500 runs find a broken one reliably (about a second).
    private const int PropertyRuns = 500;

    /// <summary>(a) Amounts stay within the victim's ready tasks per level and the thief's free slots, summed over the plan.</summary>
    [Property(MaxTest = PropertyRuns)]
    public Property Plan_NeverMovesMoreThanReadyTasksOrFreeSlots_ForAnyFleet() =>
        Prop.ForAll(Rounds().ToArbitrary(), scenario => ForEachPlan(scenario, (fleet, plan) =>
        {
            var byId = fleet.ToDictionary(worker => worker.WorkerId);
            foreach (var group in plan.Migrations.GroupBy(m => (m.VictimId, m.Level)))
            {
                Assert.True(group.Sum(m => (long)m.Count) <= byId[group.Key.VictimId].ReadyAt(group.Key.Level));
            }

            foreach (var group in plan.Migrations.GroupBy(m => m.ThiefId))
            {
                Assert.True(group.Sum(m => (long)m.Count) <= byId[group.Key].FreeSlots);
            }

            Assert.True(plan.Migrations.Count <= scenario.Options.MaxMigrationsPerPlan);
            Assert.All(plan.Migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.Reason)));
        }));

    /// <summary>(b) Carried out, a plan never raises the longest drain, and no thief ends heavier than its victim.</summary>
    [Property(MaxTest = PropertyRuns)]
    public Property Plan_NeverRaisesTheLongestDrainNorLeavesAThiefHeavierThanItsVictim() =>
        Prop.ForAll(Rounds().ToArbitrary(), scenario => ForEachPlan(scenario, (fleet, plan) =>
        {
            var defaultMs = scenario.Options.DefaultServiceMs;
            var after = Apply(fleet, plan.Migrations).ToDictionary(worker => worker.WorkerId, worker => worker.ExpectedDrainMs(defaultMs));
            var maxBefore = fleet.Max(worker => worker.ExpectedDrainMs(defaultMs));

            Assert.True(after.Values.Max() <= maxBefore + Slack, $"max drain {maxBefore} rose to {after.Values.Max()}");
            Assert.All(plan.Migrations, m => Assert.True(after[m.ThiefId] <= after[m.VictimId] + Slack, m.Reason));
        }));

    /// <summary>(c) No worker is both thief and victim in one plan; (d) no thief is a non-accepting worker.</summary>
    [Property(MaxTest = PropertyRuns)]
    public Property Plan_KeepsThievesAndVictimsApart_AndThievesAccepting() =>
        Prop.ForAll(Rounds().ToArbitrary(), scenario => ForEachPlan(scenario, (fleet, plan) =>
        {
            var accepting = fleet.Where(worker => worker.Accepting).Select(worker => worker.WorkerId).ToHashSet();
            var thieves = plan.Migrations.Select(m => m.ThiefId).ToHashSet();
            var victims = plan.Migrations.Select(m => m.VictimId).ToHashSet();

            Assert.Empty(thieves.Intersect(victims));
            Assert.Subset(accepting, thieves);
        }));

    /// <summary>The steal policy's single migration obeys (a), (b), (c) and (d) as well.</summary>
    [Property(MaxTest = PropertyRuns)]
    public Property ChooseVictim_RespectsBoundsAndNeverLeavesTheThiefHeavier_ForAnyFleetAndThief() =>
        Prop.ForAll(Rounds().ToArbitrary(), scenario =>
        {
            var fleet = scenario.Fleets[0];
            var defaultMs = scenario.Options.DefaultServiceMs;
            var thief = fleet[0];
            var migration = StealPolicy.ChooseVictim(thief, fleet, scenario.Options);
            if (migration is null)
            {
                return;
            }

            var victim = fleet.Single(worker => worker.WorkerId == migration.VictimId);
            Assert.True(thief.Accepting && victim.Accepting);
            Assert.NotEqual(thief.WorkerId, victim.WorkerId);
            Assert.True(migration.Count <= thief.FreeSlots && migration.Count <= victim.ReadyAt(migration.Level));
            Assert.True(victim.ExpectedDrainMs(defaultMs) > scenario.Options.StealThresholdMs);
            Assert.True(TaskLevels.All.TakeWhile(level => level != migration.Level).All(level => victim.ReadyAt(level) == 0));

            var after = Apply(fleet, [migration]).ToDictionary(worker => worker.WorkerId, worker => worker.ExpectedDrainMs(defaultMs));
            Assert.True(after[thief.WorkerId] <= after[victim.WorkerId] + Slack, migration.Reason);
        });

    private static void ForEachPlan(Scenario scenario, Action<IReadOnlyList<WorkerLoad>, Plan> check)
    {
        var planner = new MigrationPlanner(scenario.Options);
        var now = Now;
        for (var round = 0; round < scenario.Fleets.Length; round++)
        {
            now += scenario.Gaps[round];
            check(scenario.Fleets[round], planner.Plan(scenario.Fleets[round], now));
        }
    }

    /// <summary>The fleet after the thieves took the tasks (a taken task counts as ready on its thief).</summary>
    private static IEnumerable<WorkerLoad> Apply(IReadOnlyList<WorkerLoad> fleet, IReadOnlyList<Migration> migrations)
    {
        var ready = fleet.ToDictionary(worker => worker.WorkerId, worker => TaskLevels.All.ToDictionary(level => level, worker.ReadyAt));
        foreach (var migration in migrations)
        {
            ready[migration.VictimId][migration.Level] -= migration.Count;
            ready[migration.ThiefId][migration.Level] += migration.Count;
        }

        return fleet.Select(worker => worker with { Ready = ready[worker.WorkerId] });
    }

    private static Gen<Scenario> Rounds() =>
        from options in Options()
        from rounds in Gen.Choose(1, 3)
        from size in Gen.Choose(1, 40)
        from fleets in Gen.ArrayOf(Fleet(size), rounds)
        from gaps in Gen.ArrayOf(Gen.Elements(0, 500, 1000, 2500).Select(ms => TimeSpan.FromMilliseconds(ms)), rounds)
        select new Scenario(options, fleets, gaps);

    private static Gen<BalancingOptions> Options() =>
        from threshold in Gen.Elements(0.0, 50.0, 300.0)
        from tolerance in Gen.Elements(0.0, 0.1, 0.25, 0.6, 0.95)
        from cooldownMs in Gen.Elements(0, 1000, 2000)
        from maxMigrations in Gen.Elements(1, 3, 1000)
        from defaultMs in Gen.Elements(1.0, 20.0)
        select new BalancingOptions
        {
            StealThresholdMs = threshold,
            Tolerance = tolerance,
            PairCooldown = TimeSpan.FromMilliseconds(cooldownMs),
            MaxMigrationsPerPlan = maxMigrations,
            DefaultServiceMs = defaultMs,
        };

    /// <summary>
    /// A fleet of workers w0..w(size-1); a round's fleet keeps the ids, so pairs recur. Backlogs of
    /// one fleet share a scale, and slot counts vary widely, so that each bound (ready tasks, free
    /// slots, the mean, whole tasks) is the binding one in some fleets.
    /// </summary>
    private static Gen<WorkerLoad[]> Fleet(int size) =>
        from maxCount in Gen.Elements(3, 30, 400)
        from workers in Gen.ArrayOf(Worker(maxCount), size)
        select workers.Select((worker, i) => worker with { WorkerId = $"w{i}" }).ToArray();

    private static Gen<WorkerLoad> Worker(int maxCount)
    {
        var count = Gen.Frequency((3, Gen.Constant(0L)), (2, Gen.Choose(1, 5).Select(n => (long)n)), (2, Gen.Choose(0, maxCount).Select(n => (long)n)));
        return
            from slots in Gen.Elements(1, 2, 3, 8, 32, 256)
            from busy in Gen.Choose(0, slots)
            from ready in Gen.ArrayOf(count, 4)
            from serviceMs in Gen.Frequency((1, Gen.Constant<double?>(null)), (4, Gen.Choose(1, 500).Select(ms => (double?)ms)))
            from speed in Gen.Elements(0.5, 1.0, 2.0)
            from accepting in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
            select new WorkerLoad
            {
                WorkerId = "unnamed",
                Slots = slots,
                BusySlots = busy,
                Speed = speed,
                EwmaServiceMs = serviceMs,
                Accepting = accepting,
                Ready = TaskLevels.All.ToDictionary(level => level, level => ready[(int)level]),
            };
    }

    private sealed record Scenario(BalancingOptions Options, WorkerLoad[][] Fleets, TimeSpan[] Gaps);
}
