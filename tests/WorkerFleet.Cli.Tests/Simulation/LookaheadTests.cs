using WorkerFleet.Cli.Simulation;
using static WorkerFleet.Cli.Tests.Simulation.SimulationFixtures;

namespace WorkerFleet.Cli.Tests.Simulation;

public class LookaheadTests
{
    [Fact]
    public void Run_RaisesThePrefetchToCoverTheWindow_WhenTasksAreShort()
    {
        // 100 tasks of 1 ms on one slot, each delivery 5 ms. The prefetch starts at 2 x slots = 2; the
        // first completion measures 1 ms, the policy asks ceil(1 x 50 / 1) = 50, a factor of two off,
        // so the window opens to 50 at 6 ms. The two held tasks run 5-7 ms, the 49 delivered at 6 ms
        // arrive at 11 ms, and from then each ack's delivery lands 50 tasks ahead: 98 back to back,
        // the last ends at 109 ms.
        var model = SimulationModel.Free with { DeliveryMs = 5, LookaheadWindowMs = 50 };
        var setup = Setup(SimulationStrategies.None, Fleet(1, 1), SingleKey(100, 1), model);

        // A window too short to ask for more than the 2 x slots floor: the prefetch stays 2, and every
        // two tasks wait a delivery (pairs start every 6 ms from 5 ms: the last ends at 5 + 49 x 6 + 2).
        var fixedTwo = setup with { Model = model with { LookaheadWindowMs = 0.001 } };

        Assert.Equal(0.109, new FleetSimulator(setup).Run().Result.MakespanS);
        Assert.Equal(0.301, new FleetSimulator(fixedTwo).Run().Result.MakespanS);
    }

    [Fact]
    public void Run_KeepsThePrefetchAtTwiceTheSlots_WhenTasksAreLongerThanTheWindowNeeds()
    {
        // 50 ms tasks on 2 slots ask ceil(2 x 10 / 50) = 1 < 4: the floor holds, the policy changes
        // nothing, and the 4 held ahead hide each delivery after the first (as with a fixed 2 x slots).
        var model = SimulationModel.Free with { DeliveryMs = 5 };
        var setup = Setup(SimulationStrategies.None, Fleet(1, 2), SingleKey(20, 50), model);
        var wide = setup with { Model = model with { LookaheadWindowMs = 5_000 } };

        Assert.Equal(0.505, new FleetSimulator(setup).Run().Result.MakespanS);
        Assert.True(new FleetSimulator(wide).Run().Result.MakespanS <= 0.505);
    }
}
