using WorkerFleet.Cli.Simulation;
using static WorkerFleet.Cli.Tests.Simulation.SimulationFixtures;

namespace WorkerFleet.Cli.Tests.Simulation;

public class StealLeaseTests
{
    // Quick beats and retries; a request round trip much longer than a basic.get, and neither a
    // whole number of ms, so a thief's starts never fall on the victim's (every 10 ms exactly).
    private static readonly SimulationModel Quick = SimulationModel.Free with
    {
        HeartbeatIntervalMs = 10, StealRetryDelayMs = 10, StealRequestMs = 41.3, StealFetchMs = 3.2,
    };

    [Fact]
    public void Run_ThiefsSecondStealFromTheSameVictimCostsNoRequest_WhenTheFirstLeftItsQueueNonEmpty()
    {
        // One slot each, 10 ms tasks, all on the victim's key. The thief's first task comes from the
        // balancer; with credit left it goes straight back on the lease and holds the second by the
        // time the first ends: back to back. Without leases the second waits a request and a fetch.
        var setup = Setup(SimulationStrategies.Steal, Fleet(2, 1), SingleKey(40, 10), Quick);
        var unleased = setup with { Model = Quick with { StealLeaseDurationMs = 0 } };

        var leased = new FleetSimulator(setup).Run();
        var asked = new FleetSimulator(unleased).Run();

        Assert.Equal(10, SecondThiefStartAfterFirst(leased), precision: 6);
        Assert.Equal(41.3 + 3.2, SecondThiefStartAfterFirst(asked), precision: 6);
        Assert.True(leased.LeaseSteals > 0 && leased.StealRequests < asked.StealRequests,
            $"{leased.LeaseSteals} lease steals, {leased.StealRequests} requests against {asked.StealRequests}");
        Assert.Equal(0, asked.LeaseSteals);
    }

    [Fact]
    public void Run_ThiefDoesNotGoBackOnItsLease_WhenALeaseStealEmptiedTheVictimsQueue()
    {
        // The victim holds 2 of its 4 tasks (prefetch 2 x 1 slot), 2 stay queued. The balancer grants
        // the thief one (its free slot): 1 left behind, so it leases the victim and takes the last
        // one on the lease; that empties the queue and ends the lease. When the thief runs dry it
        // must ask the balancer, not go back: exactly one lease steal in the run.
        var setup = Setup(SimulationStrategies.Steal, Fleet(2, 1), SingleKey(4, 100), Quick with { StealRequestMs = 4 });

        var report = new FleetSimulator(setup).Run();

        Assert.Equal(2, report.Result.Migrations);
        Assert.Equal(1, report.LeaseSteals);
    }

    [Fact]
    public void Run_LeaseEndsAfterOneEmptyGet_WhenTheVictimRanItsQueueDryItself()
    {
        // The victim holds 2 of its 5 tasks, 3 stay queued. The thief gets one from the balancer (2
        // behind: lease) and one on the lease (1 behind: lease kept), then runs them. Meanwhile the
        // victim's own prefetch takes the last queued task at 100 ms. When the thief runs dry at about
        // 121 ms its lease get finds the queue empty: that ends the lease, and every later round
        // (retries until the late task is due at 3 s) asks the balancer instead of going back.
        var tasks = SingleKey(5, 100).Append(Task("late", 10, key: "late", submitAtMs: 3_000)).ToArray();
        var setup = Setup(SimulationStrategies.Steal, Fleet(2, 1), tasks, Quick with { StealRequestMs = 4 });

        var report = new FleetSimulator(setup).Run();

        Assert.Equal(2, report.Result.Migrations);
        Assert.Equal(2, report.LeaseSteals);
        Assert.True(report.StealRequests > 20, $"{report.StealRequests} requests while retrying");
    }

    [Fact]
    public void Run_ThiefAsksTheBalancerAgain_WhenItsLeaseExpired()
    {
        // As in the first test, but a lease lasts 1 ms from the end of the steal that granted it. The
        // thief goes back at once (the lease is fresh) for its second task; when that one starts and
        // leaves it dry 10 ms later, the lease has expired: the third waits a request and a fetch.
        var setup = Setup(SimulationStrategies.Steal, Fleet(2, 1), SingleKey(40, 10), Quick with { StealLeaseDurationMs = 1 });

        var gaps = ThiefStartGaps(new FleetSimulator(setup).Run());

        Assert.Equal(10, gaps[0], precision: 6);
        Assert.Equal(41.3 + 3.2, gaps[1], precision: 6);
    }

    private static double SecondThiefStartAfterFirst(SimulationReport report) => ThiefStartGaps(report)[0];

    /// <summary>The thief's starts are the ones off the victim's 10 ms beat: the gaps between its first three.</summary>
    private static List<double> ThiefStartGaps(SimulationReport report)
    {
        var thief = report.WaitsMs.Where(ms => Math.Abs(ms - (10 * Math.Round(ms / 10))) > 1e-6).Order().Take(3).ToList();
        Assert.Equal(3, thief.Count);
        return [thief[1] - thief[0], thief[2] - thief[1]];
    }
}
