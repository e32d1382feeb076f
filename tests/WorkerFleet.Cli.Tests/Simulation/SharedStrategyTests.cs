using WorkerFleet.Cli.Simulation;
using static WorkerFleet.Cli.Tests.Simulation.SimulationFixtures;

namespace WorkerFleet.Cli.Tests.Simulation;

public class SharedStrategyTests
{
    [Fact]
    public void Run_KeepsEverySlotBusy_WhenTheSharedQueueHoldsWork()
    {
        // One key: static affinity would run it all on one worker; the shared queue feeds all eight slots.
        var setup = Setup(SimulationStrategies.Shared, Fleet(4, 2), SingleKey(80, 50));

        var result = new FleetSimulator(setup).Run().Result;

        Assert.Equal(1.0, result.MakespanRatio);
        Assert.Equal(1.0, result.Jain);
        Assert.Equal(0, result.Migrations);
        Assert.Equal(0.25, result.AffinityHitRatio); // the key's most frequent runner ran a quarter
    }

    [Fact]
    public void Run_WaitsADeliveryBeforeEveryTask_WhenThePrefetchIsOnlyTheSlots()
    {
        // 80 tasks on 8 slots: 10 rounds, each a delivery (5 ms) plus the task (50 ms).
        var setup = Setup(SimulationStrategies.Shared, Fleet(4, 2), SingleKey(80, 50), SimulationModel.Free with { DeliveryMs = 5 });

        var result = new FleetSimulator(setup).Run().Result;

        Assert.Equal(0.55, result.MakespanS);
    }

    [Fact]
    public void Run_HidesTheDeliveryBehindTheLookahead_WhenWorkersConsumeTheirOwnQueues()
    {
        // The same delivery time under static affinity costs only the first one: 2 x slots are held ahead.
        var setup = Setup(SimulationStrategies.None, Fleet(1, 2), SingleKey(20, 50), SimulationModel.Free with { DeliveryMs = 5 });

        var result = new FleetSimulator(setup).Run().Result;

        Assert.Equal(0.505, result.MakespanS);
    }
}
