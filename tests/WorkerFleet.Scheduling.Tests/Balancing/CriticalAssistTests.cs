using WorkerFleet.Scheduling.Balancing;
using static WorkerFleet.Tests.Shared.TestFleets;

namespace WorkerFleet.Scheduling.Tests.Balancing;

public class CriticalAssistTests
{
    private static WorkerLoad Busy(string id, long critical = 0, long low = 50, int slots = 4, bool accepting = true) =>
        Worker(id, busy: slots, slots: slots, accepting: accepting,
            ready: new Dictionary<TaskLevel, long> { [TaskLevel.Critical] = critical, [TaskLevel.Low] = low });

    [Fact]
    public void Plan_SendsBusyPeersWithoutCriticalWork_ToAWorkersCriticalBacklog_EachUpToItsSlots()
    {
        WorkerLoad[] fleet = [Busy("hot", critical: 20), Busy("a"), Busy("b", slots: 2)];

        var plan = CriticalAssist.Plan(fleet);

        Assert.Equal([("a", "hot", 4), ("b", "hot", 2)], plan.Select(m => (m.ThiefId, m.VictimId, m.Count)));
        Assert.All(plan, m => Assert.Equal(TaskLevel.Critical, m.Level));
    }

    [Fact]
    public void Plan_MovesNoMoreThanTheBacklog_AndGivesEachHelperOneVictim()
    {
        WorkerLoad[] fleet = [Busy("small", critical: 3), Busy("big", critical: 5), Busy("a"), Busy("b"), Busy("c")];

        var plan = CriticalAssist.Plan(fleet);

        // Heaviest backlog first: a takes 4 of big's 5, b the last one, c small's 3.
        Assert.Equal([("a", "big", 4), ("b", "big", 1), ("c", "small", 3)], plan.Select(m => (m.ThiefId, m.VictimId, m.Count)));
    }

    [Fact]
    public void Plan_IsEmpty_WithoutACriticalBacklog_OrWithoutAHelper()
    {
        Assert.Empty(CriticalAssist.Plan([Busy("a", low: 500), Busy("b")]));
        // Workers with critical tasks of their own waiting do not help others; nor do non-accepting ones.
        Assert.Empty(CriticalAssist.Plan([Busy("hot", critical: 9), Busy("warm", critical: 1), Busy("draining", accepting: false)]));
    }

    [Fact]
    public void Plan_LeavesANonAcceptingWorkersBacklog_ToItsDrain()
    {
        Assert.Empty(CriticalAssist.Plan([Busy("suspect", critical: 9, accepting: false), Busy("a")]));
    }
}
