using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Simulation;
using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Tests.Simulation;

public class HashRingTests
{
    [Fact]
    public void Run_RoutesKeysInProportionToCapacity_WhenWorkersDifferInSpeed()
    {
        // 4,000 distinct keys of equal cost; the speed-3 worker owns ~3/4 of the ring.
        WorkerSpec[] fleet = [new("w1", 1, 1), new("w2", 1, 3)];
        WorkloadTask[] tasks = [.. Enumerable.Range(1, 4_000).Select(n => new WorkloadTask { Id = $"t{n}", DurationMs = 0, Key = $"k{n}", Level = "normal" })];
        var setup = new SimulationSetup { Scenario = "test", Strategy = SimulationStrategies.None, Workers = fleet, Tasks = tasks };

        var perWorker = new FleetSimulator(setup).Run().Result.CompletedPerWorker;

        Assert.InRange(perWorker["w2"] / 4_000.0, 0.70, 0.80);
    }
}
