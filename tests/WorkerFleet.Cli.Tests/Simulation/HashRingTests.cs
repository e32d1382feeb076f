using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Simulation;
using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Tests.Simulation;

public class HashRingTests
{
    // 4,000 distinct keys of equal cost; w2 (speed 3) binds with weight 3, w1 with 1.
    private static readonly WorkerSpec[] Fleet = [new("w1", 1, 1), new("w2", 1, 3)];

    private static readonly WorkloadTask[] Keys =
        [.. Enumerable.Range(1, 4_000).Select(n => new WorkloadTask { Id = $"t{n}", DurationMs = 0, Key = $"k{n}", Level = "normal" })];

    [Fact]
    public void Run_RoutesKeysInProportionToCapacityOnAverage_WhenWorkersDifferInSpeed()
    {
        var shares = Enumerable.Range(0, 50).Select(seed => ShareOfW2(seed)).ToList();

        Assert.InRange(shares.Average(), 0.70, 0.80);
    }

    [Fact]
    public void Run_RoutesKeysUnevenly_WhenTheRingHasOnlyTheBindingWeightsPoints()
    {
        // Four points on the ring, as the broker's exchange has: one salt's shares are far from 3:1.
        var shares = Enumerable.Range(0, 50).Select(seed => ShareOfW2(seed)).ToList();

        Assert.True(shares.Max() - shares.Min() > 0.3, $"shares {shares.Min():F2}-{shares.Max():F2}");
    }

    private static double ShareOfW2(int seed)
    {
        var setup = new SimulationSetup { Scenario = "test", Strategy = SimulationStrategies.None, Workers = Fleet, Tasks = Keys, Seed = seed };
        return new FleetSimulator(setup).Run().Result.CompletedPerWorker.GetValueOrDefault("w2") / (double)Keys.Length;
    }
}
