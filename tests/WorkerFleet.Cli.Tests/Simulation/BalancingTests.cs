using WorkerFleet.Cli.Simulation;
using WorkerFleet.Scheduling.Balancing;
using static WorkerFleet.Cli.Tests.Simulation.SimulationFixtures;

namespace WorkerFleet.Cli.Tests.Simulation;

public class BalancingTests
{
    // Reactive thieves ask once, find the picture empty and never ask again: only the planner moves work.
    private static readonly SimulationModel PlannerOnly = SimulationModel.Free with { StealRetryDelayMs = 1e9, HeartbeatIntervalMs = 100 };

    [Fact]
    public void Run_ThiefStealsNothing_WhenTheVictimFilledAfterItsLastHeartbeat()
    {
        // Heartbeats every 10 s: the run (10 x 100 ms on one slot) is over before the victim's first beat.
        var stale = Setup(SimulationStrategies.Steal, Fleet(2, 1), SingleKey(10, 100), SimulationModel.Free with { HeartbeatIntervalMs = 10_000 });
        var fresh = stale with { Model = SimulationModel.Free with { HeartbeatIntervalMs = 50 } };

        var missed = new FleetSimulator(stale).Run().Result;
        var seen = new FleetSimulator(fresh).Run().Result;

        Assert.Equal((0, 1.0), (missed.Migrations, missed.MakespanS));
        Assert.True(seen.Migrations > 0 && seen.MakespanS < 1.0, $"fresh picture: {seen.Migrations} migrations, {seen.MakespanS} s");
    }

    [Fact]
    public void Run_ThiefWaitsForTheRequestAndEachFetch_WhenItSteals()
    {
        // The victim's backlog shows in its first beat (by 10 ms: 1 running, 1 held, 8 ready); the idle
        // thief asks again when its retry delay (10 ms) ends, gets its answer 4 ms later, its task 3 ms after.
        var fleet = Fleet(2, 1);
        var model = SimulationModel.Free with { HeartbeatIntervalMs = 10, StealRetryDelayMs = 10, StealRequestMs = 4, StealFetchMs = 3 };
        var setup = Setup(SimulationStrategies.Steal, fleet, SingleKey(10, 100), model);

        var report = new FleetSimulator(setup).Run();

        // Asks at 0 (nothing: no beat yet), answered at 4, retries at 14, answered at 18, task at 21.
        Assert.Contains(21.0, report.WaitsMs);
    }

    [Fact]
    public void Run_PlansEachPairOncePerCooldown_WhenOnlyThePlannerMovesWork()
    {
        var tasks = SingleKey(100, 100);
        var cooling = Setup(SimulationStrategies.Adaptive, Fleet(2, 1), tasks, PlannerOnly);
        var free = cooling with { Balancing = new BalancingOptions { PairCooldown = TimeSpan.Zero } };

        var withCooldown = new FleetSimulator(cooling).Run().Result;
        var withoutCooldown = new FleetSimulator(free).Run().Result;

        // One pair, one free slot: one task at the first plan (0.5 s), then at most one per 2 s cooldown;
        // without it one per 500 ms plan.
        Assert.InRange(withCooldown.Migrations, 1, (int)Math.Floor((withCooldown.MakespanS - 0.5) / 2.0) + 1);
        Assert.True(withoutCooldown.Migrations > 2 * withCooldown.Migrations,
            $"{withoutCooldown.Migrations} migrations without cooldown, {withCooldown.Migrations} with");
    }

    [Fact]
    public void Run_PlannedOrderTakesNoMoreThanTheThiefsCredit_WhenTheThiefFilledUpAfterItsLastHeartbeat()
    {
        // The victim gets 40 x 100 ms at 0 (done alone at 2 s on 2 slots). At 550 ms the thief gets four
        // 1 s tasks: 2 run, 2 held, credit 0 until 1,550 ms; its picture (last beat at 500 or 1,000 ms)
        // still shows it idle, so a plan at 600 or 1,200 ms orders tasks to it. Taken, they would wait
        // behind its own and end the run at 2.65 s; capped by its credit, it takes none.
        var fleet = Fleet(2, 2);
        var victimKey = "hot";
        var thiefKey = KeyNotOwnedBy(OwnerOf(victimKey, fleet), fleet);
        var tasks = SingleKey(40, 100, victimKey).Concat(SingleKey(4, 1_000, thiefKey, submitAtMs: 550)).ToArray();
        var model = PlannerOnly with { HeartbeatIntervalMs = 1_000, BalanceIntervalMs = 600 };

        var result = new FleetSimulator(Setup(SimulationStrategies.Adaptive, fleet, tasks, model)).Run().Result;

        Assert.Equal((0, 2.55), (result.Migrations, result.MakespanS));
    }
}
