using System.Text.Json;
using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Simulation;
using static WorkerFleet.Cli.Tests.Simulation.SimulationFixtures;

namespace WorkerFleet.Cli.Tests.Simulation;

public class FleetSimulatorTests
{
    [Fact]
    public void Run_RunsTasksBackToBack_WhenOneWorkerHasOneSlot()
    {
        var setup = Setup(SimulationStrategies.None, Fleet(1, 1), [Task("a", 10), Task("b", 10), Task("c", 10)]);

        var report = new FleetSimulator(setup).Run();

        Assert.Equal(0.03, report.Result.MakespanS);
        Assert.Equal([0.0, 10.0, 20.0], report.WaitsMs);
        Assert.Equal(1.0, report.Result.MakespanRatio);
    }

    [Fact]
    public void Run_LengthensEachTaskByTheOvershootAndEachSlotTurnByTheRefill_WhenTheModelHasThem()
    {
        var model = SimulationModel.Free with { OvershootMs = 2, RefillMs = 1 };
        var setup = Setup(SimulationStrategies.None, Fleet(1, 1), [Task("a", 10), Task("b", 10), Task("c", 10)], model);

        var report = new FleetSimulator(setup).Run();

        // Each task runs 12 ms; the next starts 1 ms after: ends at 12, 25, 38.
        Assert.Equal([0.0, 13.0, 26.0], report.WaitsMs);
        Assert.Equal(0.038, report.Result.MakespanS);
        Assert.Equal(0.036, report.Result.BusyBoundS);
    }

    [Fact]
    public void Run_LeavesOtherWorkersIdle_WhenStaticAffinityRoutesEveryTaskToOneKey()
    {
        var setup = Setup(SimulationStrategies.None, Fleet(4, 2), SingleKey(80, 50));

        var result = new FleetSimulator(setup).Run().Result;

        Assert.Equal(0.25, result.Jain);
        Assert.Equal(4.0, result.MakespanRatio);
        Assert.Equal(0, result.Migrations);
    }

    [Fact]
    public void Run_SpreadsOneKeyOverTheFleet_WhenWorkersStealOnAFreshPicture()
    {
        var setup = Setup(SimulationStrategies.Steal, Fleet(4, 2), SingleKey(80, 50), SimulationModel.Free with { HeartbeatIntervalMs = 10, StealRetryDelayMs = 10 });

        var result = new FleetSimulator(setup).Run().Result;

        Assert.InRange(result.MakespanRatio!.Value, 1.0, 1.15);
        Assert.True(result.Jain >= 0.95, $"jain {result.Jain}");
        Assert.True(result.Migrations > 0);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("shared")]
    [InlineData("steal")]
    [InlineData("adaptive")]
    public void Run_ReturnsIdenticalResults_WhenTheSeedIsTheSame(string strategy)
    {
        var first = new FleetSimulator(Skew(strategy, seed: 7)).Run();
        var second = new FleetSimulator(Skew(strategy, seed: 7)).Run();

        Assert.Equal(JsonSerializer.Serialize(first.Result), JsonSerializer.Serialize(second.Result));
        Assert.Equal(first.WaitsMs, second.WaitsMs);
    }

    [Theory]
    [InlineData("none", "skew")]
    [InlineData("shared", "skew")]
    [InlineData("steal", "skew")]
    [InlineData("adaptive", "skew")]
    [InlineData("steal", "hetero")]
    [InlineData("adaptive", "hetero")]
    [InlineData("steal", "priority")]
    public void Run_CompletesEveryTaskExactlyOnce_WhenTheScenarioIsBuiltIn(string strategy, string name)
    {
        var scenario = SimulationScenarios.Find(name)!;
        var setup = Setup(strategy, scenario.Fleet(scenario.Workers, scenario.Slots), SimulationScenarios.Workload(scenario, 3_000).Tasks, new SimulationModel());

        var result = new FleetSimulator(setup).Run().Result;

        Assert.Equal((3_000, 3_000, 0, 0), (result.Tasks, result.Completed, result.Lost, result.Duplicates));
        Assert.True(result.MakespanRatio >= 1.0, $"ratio {result.MakespanRatio} under the lower bound");
    }

    [Fact]
    public void Run_RunsCriticalTasksBeforeTheLowBacklog_WhenBothWait()
    {
        var scenario = SimulationScenarios.Find("priority")!;
        var setup = Setup(SimulationStrategies.None, scenario.Fleet(1, 2), scenario.Generate().Tasks);

        var waits = new FleetSimulator(setup).Run().Result.WaitMs;

        Assert.True(waits["critical"].P99 <= 10, $"critical p99 {waits["critical"].P99} ms");
        Assert.True(waits["low"].P50 > 1_000);
    }

    [Fact]
    public void Constructor_NamesTheSetting_WhenAModelPeriodIsZero()
    {
        var setup = Setup(SimulationStrategies.Steal, Fleet(2, 1), SingleKey(2, 10), SimulationModel.Free with { HeartbeatIntervalMs = 0 });

        var error = Assert.Throws<ArgumentException>(() => new FleetSimulator(setup));

        Assert.Contains("HeartbeatIntervalMs", error.Message, StringComparison.Ordinal);
    }

    private static SimulationSetup Skew(string strategy, int seed) =>
        Setup(strategy, Fleet(4, 4), BenchWorkloads.Skew(2_000).Tasks, new SimulationModel()) with { Seed = seed };
}
