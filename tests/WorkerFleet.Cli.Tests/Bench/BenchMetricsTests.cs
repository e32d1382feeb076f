using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Reports;
using WorkerFleet.Runtime;
using static WorkerFleet.Cli.Tests.Bench.BenchFixtures;

namespace WorkerFleet.Cli.Tests.Bench;

public class BenchMetricsTests
{
    [Fact]
    public void Compute_CountsASubmittedIdAsLost_WhenItHasNoRecord()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2"), Task("t3")],
            [Run("t1", "w1", 0, 100), Run("t2", "w2", 0, 100)]));

        Assert.Equal(3, result.Tasks);
        Assert.Equal(2, result.Completed);
        Assert.Equal(1, result.Lost);
        Assert.Equal(0, result.DeadLettered);
        Assert.Equal(0, result.Duplicates);
    }

    [Fact]
    public void Compute_CountsADeadLetteredIdAsLostAndDeadLettered_WhenItsOnlyRecordIsADeadLetter()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2")],
            [Run("t1", "w1", 0, 100), Run("t2", "w2", 0, 5000, outcome: "timeout")]));

        Assert.Equal(1, result.Completed);
        Assert.Equal(1, result.Lost);
        Assert.Equal(1, result.DeadLettered);
        Assert.Equal(0, result.Duplicates);
    }

    [Fact]
    public void Compute_CountsEveryExecutionBeyondTheFirstAsADuplicate_WhenAnIdRanThreeTimes()
    {
        // t1 ran on w1 twice, then on w2: two executions beyond one.
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2")],
            [Run("t1", "w1", 0, 100), Run("t1", "w1", 200, 300), Run("t1", "w2", 400, 500), Run("t2", "w2", 0, 100)]));

        Assert.Equal(2, result.Duplicates);
        Assert.Equal(2, result.Completed);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.DeadLettered);
    }

    [Fact]
    public void Compute_CreditsACompletionToTheWorkerOfItsLastRecord_WhenTheTaskCompletedTwice()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2")],
            [Run("t1", "w1", 0, 100), Run("t1", "w2", 400, 500), Run("t2", "w2", 0, 100)]));

        Assert.Equal(new Dictionary<string, int> { ["w2"] = 2 }, result.CompletedPerWorker);
    }

    [Fact]
    public void Compute_CountsARetriedTaskAsCompletedNotDeadLettered_WhenATimeoutPrecededItsCompletion()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1")],
            [Run("t1", "w1", 0, 1000, outcome: "timeout"), Run("t1", "w2", 1100, 1200)]));

        Assert.Equal(1, result.Completed);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.DeadLettered);
        Assert.Equal(1, result.Duplicates);
    }

    [Fact]
    public void Compute_IgnoresRecords_WhenTheirIdWasNotSubmitted()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1")],
            [Run("t1", "w1", 1000, 1100, submittedAtMs: 1000), Run("stray", "w1", 0, 5000), Run("stray", "w2", 0, 5000)]));

        Assert.Equal(1, result.Tasks);
        Assert.Equal(1, result.Completed);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(0.1, result.MakespanS);
        Assert.Equal(new Dictionary<string, int> { ["w1"] = 1 }, result.CompletedPerWorker);
    }

    [Fact]
    public void Compute_CountsCompletedTasksFromAPeersQueueAsMigrations_WhenTheStrategyBalances()
    {
        // t3 stolen from w1's queue and completed; t4 taken from w2's queue but dead-lettered: not a completion.
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2"), Task("t3"), Task("t4")],
            [
                Run("t1", "w1", 0, 100),
                Run("t2", "w2", 0, 100),
                Run("t3", "w2", 100, 200, queueOwner: "w1"),
                Run("t4", "w1", 100, 200, queueOwner: "w2", outcome: "timeout"),
            ]));

        Assert.Equal(1, result.Migrations);
        Assert.Equal(0.667, result.AffinityHitRatio);
    }

    [Fact]
    public void Compute_ReportsNoMigrations_WhenTheStrategyIsShared()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2")],
            [Run("t1", "w1", 0, 100), Run("t2", "w2", 100, 200, queueOwner: "w1")],
            strategy: BenchStrategies.Shared));

        Assert.Equal(0, result.Migrations);
    }

    [Fact]
    public void Compute_MeasuresMakespanFromTheFirstSubmitToTheLastCompletion_WhenADeadLetterEndsLater()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2"), Task("t3")],
            [
                Run("t1", "w1", 1100, 1600, submittedAtMs: 1000),
                Run("t2", "w2", 1700, 2500, submittedAtMs: 1200),
                Run("t3", "w1", 2000, 4000, submittedAtMs: 1500, outcome: "timeout"),
            ]));

        // 2500 - 1000 ms; two completions in 1.5 s.
        Assert.Equal(1.5, result.MakespanS);
        Assert.Equal(1.3, result.ThroughputPerS);
    }

    [Fact]
    public void Compute_MeasuresMakespanFromTheFirstStart_WhenNoRecordHasASubmitTime()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2")],
            [Run("t1", "w1", 1000, 1500, submittedAtMs: null), Run("t2", "w2", 1200, 3000, submittedAtMs: null)]));

        Assert.Equal(2.0, result.MakespanS);
        Assert.Equal(1.0, result.ThroughputPerS);
    }

    [Fact]
    public void Compute_ReportsZeroMakespanAndNoRatios_WhenNothingCompleted()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2")],
            [Run("t1", "w1", 0, 100, outcome: "timeout")]));

        Assert.Equal(0, result.Completed);
        Assert.Equal(2, result.Lost);
        Assert.Equal(1, result.DeadLettered);
        Assert.Equal(0, result.MakespanS);
        Assert.Equal(0, result.ThroughputPerS);
        Assert.Null(result.AffinityHitRatio);
        Assert.Empty(result.CompletedPerWorker);
    }

    [Fact]
    public void LowerBoundMs_IsTheWorkOverTheCapacity_WhenTheFleetIsTheBottleneck()
    {
        // Capacity 2 x 1 + 1 x 2 = 4: 4000 ms of work / 4 = 1000 beats the longest task on the fastest worker (500).
        IReadOnlyList<WorkerSpec> workers = [new("w1", 2, 1.0), new("w2", 1, 2.0)];

        var bound = BenchMetrics.LowerBoundMs([Task("t1", 1000), Task("t2", 1000), Task("t3", 1000), Task("t4", 1000)], workers);

        Assert.Equal(1000, bound);
    }

    [Fact]
    public void LowerBoundMs_IsTheLongestTaskOnTheFastestWorker_WhenOneTaskDominates()
    {
        // Capacity 4 + 8 = 12: 3200 / 12 = 267 ms, but the 3000 ms task takes 1500 ms at speed 2.
        IReadOnlyList<WorkerSpec> workers = [new("w1", 4, 1.0), new("w2", 4, 2.0)];

        var bound = BenchMetrics.LowerBoundMs([Task("t1", 3000), Task("t2", 100), Task("t3", 100)], workers);

        Assert.Equal(1500, bound);
    }

    [Fact]
    public void LowerBoundMs_IsTheLatestSubmitPlusItsRunOnTheFastestWorker_WhenTheLastTaskArrivesLate()
    {
        // 600 / 12 = 50 and 400 / 2 = 200, but t2 is only submitted at 3000 and runs 200 / 2 = 100.
        IReadOnlyList<WorkerSpec> workers = [new("w1", 4, 1.0), new("w2", 4, 2.0)];

        var bound = BenchMetrics.LowerBoundMs([Task("t1", 400), Task("t2", 200, submitAtMs: 3000)], workers);

        Assert.Equal(3100, bound);
    }

    [Fact]
    public void LowerBoundMs_IsZero_WhenThereAreNoTasksOrNoWorkers()
    {
        Assert.Equal(0, BenchMetrics.LowerBoundMs([], TwoWorkers));
        Assert.Equal(0, BenchMetrics.LowerBoundMs([Task("t1", 100)], []));
    }

    [Fact]
    public void Compute_ReportsRatioBusyBoundAndJain_WhenOneWorkerRanEverythingInTurn()
    {
        // Bound: 2000 / 2 slots = 1000 = the longest task. w1 ran both in turn (the second overshot to 1500 ms); w2 idled.
        var result = BenchMetrics.Compute(Observation(
            [Task("t1", 1000), Task("t2", 1000)],
            [Run("t1", "w1", 0, 1000), Run("t2", "w1", 1000, 2500)]));

        Assert.Equal(1.0, result.LowerBoundS);
        Assert.Equal(2.5, result.MakespanS);
        Assert.Equal(2.5, result.MakespanRatio);
        // Busy 2500 / 2 slots = 1250 < the longest execution, 1500.
        Assert.Equal(1.5, result.BusyBoundS);
        Assert.Equal(0.8, result.ThroughputPerS);
        // Utilisation 1 and 0: 1^2 / (2 x 1) = 0.5.
        Assert.Equal(0.5, result.Jain);
    }

    [Fact]
    public void Compute_ReportsBusySlotTimeOverAllSlots_WhenTheFleetGainedAWorkerAndATaskRanTwice()
    {
        // Five executions of 300 ms (t4 twice) over 2 + 2 slots: 1500 / 4 = 375 ms beats the longest, 300.
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2"), Task("t3"), Task("t4")],
            [Run("t1", "w1", 0, 300), Run("t2", "w1", 0, 300), Run("t3", "w2", 0, 300), Run("t4", "w2", 0, 300), Run("t4", "w2", 300, 600)],
            workers: [new("w1", 2, 1.0)],
            joined: [new("w2", 2, 1.0)]));

        Assert.Equal(0.375, result.BusyBoundS);
        Assert.Equal(1, result.Workers);
        Assert.Equal(2, result.Slots);
    }

    [Fact]
    public void Jain_IsOne_WhenEveryWorkerIsBusyAllAlongWhateverItsSlots()
    {
        IReadOnlyList<WorkerSpec> workers = [new("w1", 1, 1.0), new("w2", 2, 4.0)];
        IReadOnlyList<ExecutionRecord> records = [Run("t1", "w1", 0, 1000), Run("t2", "w2", 0, 1000), Run("t3", "w2", 0, 1000)];

        Assert.Equal(1.0, BenchMetrics.Jain(workers, records, makespanMs: 1000));
    }

    [Fact]
    public void Jain_IsThreeQuarters_WhenOneOfFourEquallyBusyWorkersIdled()
    {
        IReadOnlyList<WorkerSpec> workers = [new("w1", 1, 1.0), new("w2", 1, 1.0), new("w3", 1, 1.0), new("w4", 1, 1.0)];
        IReadOnlyList<ExecutionRecord> records = [Run("t1", "w1", 0, 500), Run("t2", "w2", 0, 500), Run("t3", "w3", 0, 500)];

        // Utilisation 0.5, 0.5, 0.5, 0: 1.5^2 / (4 x 0.75) = 0.75.
        Assert.Equal(0.75, BenchMetrics.Jain(workers, records, makespanMs: 1000));
    }

    [Fact]
    public void Jain_IsNull_WhenNoWorkerWasBusyOrTheMakespanIsZero()
    {
        Assert.Null(BenchMetrics.Jain(TwoWorkers, [], makespanMs: 1000));
        Assert.Null(BenchMetrics.Jain(TwoWorkers, [Run("t1", "w1", 0, 100)], makespanMs: 0));
        Assert.Null(BenchMetrics.Jain([], [Run("t1", "w1", 0, 100)], makespanMs: 1000));
    }

    [Fact]
    public void Compute_CountsAnIdleJoinedWorkerInJain_WhenTheFleetGainedOne()
    {
        // Utilisation 1, 1 and 0: 2^2 / (3 x 2) = 0.667.
        var result = BenchMetrics.Compute(Observation(
            [Task("t1", 1000), Task("t2", 1000)],
            [Run("t1", "w1", 0, 1000), Run("t2", "w2", 0, 1000)],
            joined: [new("w3", 1, 1.0)]));

        Assert.Equal(0.667, result.Jain);
    }

    [Fact]
    public void Compute_ReportsTheOwnQueueShare_WhenTheStrategyBalances()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2"), Task("t3"), Task("t4")],
            [Run("t1", "w1", 0, 100), Run("t2", "w1", 100, 200), Run("t3", "w2", 0, 100, queueOwner: "w1"), Run("t4", "w2", 100, 200)]));

        Assert.Equal(0.75, result.AffinityHitRatio);
    }

    [Fact]
    public void Compute_ReportsTheShareRunByEachKeysMostFrequentWorker_WhenTheStrategyIsShared()
    {
        // Key a: w1 ran 2 of 3; key b: w2 ran both; t6 has no key and is its own key: 5 of 6.
        var result = BenchMetrics.Compute(Observation(
            [Task("t1", key: "a"), Task("t2", key: "a"), Task("t3", key: "a"), Task("t4", key: "b"), Task("t5", key: "b"), Task("t6")],
            [
                Run("t1", "w1", 0, 100, affinity: "a"),
                Run("t2", "w1", 100, 200, affinity: "a"),
                Run("t3", "w2", 0, 100, affinity: "a"),
                Run("t4", "w2", 100, 200, affinity: "b"),
                Run("t5", "w2", 200, 300, affinity: "b"),
                Run("t6", "w1", 200, 300, affinity: null),
            ],
            strategy: BenchStrategies.Shared));

        Assert.Equal(0.833, result.AffinityHitRatio);
    }

    [Fact]
    public void Compute_ReportsWaitPercentilesPerLevel_WhenLevelsAreMixed()
    {
        var result = BenchMetrics.Compute(Observation(
            [Task("c1", level: "critical"), Task("c2", level: "critical"), Task("l1", level: "low"), Task("n1")],
            [
                Run("c1", "w1", 5, 10, level: "critical"),
                Run("c2", "w2", 15, 20, level: "critical"),
                Run("l1", "w1", 100, 110, level: "low"),
                Run("n1", "w2", 0, 10, submittedAtMs: null),
            ]));

        // Normal has no submit time, so no waits.
        Assert.Equal(["critical", "low"], result.WaitMs.Keys);
        Assert.Equal(new WaitPercentiles(5, 15, 15, 15), result.WaitMs["critical"]);
        Assert.Equal(new WaitPercentiles(100, 100, 100, 100), result.WaitMs["low"]);
    }

    [Fact]
    public void Compute_MeasuresRebalanceAndDrainFromTheKill_WhenPeersRanTheKilledWorkersTasks()
    {
        IReadOnlyList<WorkerSpec> workers = [new("w1", 1, 1.0), new("w2", 1, 1.0), new("w3", 1, 1.0)];
        var result = BenchMetrics.Compute(Observation(
            [Task("t1"), Task("t2"), Task("t3"), Task("t4", level: "high"), Task("t5")],
            [
                Run("t1", "w1", 1000, 1500),
                // Stolen before the kill: not a move after it.
                Run("t2", "w2", 1500, 1600, queueOwner: "w1"),
                Run("t3", "w2", 2300, 2400, queueOwner: "w1"),
                Run("t4", "w3", 3500, 3600, level: "high", queueOwner: "w1"),
                // w2's own task after the kill: not from the killed worker's queues.
                Run("t5", "w2", 2100, 2200),
            ],
            workers: workers,
            kill: new WorkerKill("w1", 2000)));

        Assert.Equal("w1", result.KilledWorker);
        Assert.Equal(0.3, result.RebalanceS);
        Assert.Equal(1.5, result.DrainedS);
    }

    [Fact]
    public void Compute_ReportsNoRebalance_WhenTheStrategyIsSharedOrNothingWasKilled()
    {
        var tasks = new[] { Task("t1") };
        IReadOnlyList<ExecutionRecord> records = [Run("t1", "w2", 2300, 2400, queueOwner: "w1")];

        var shared = BenchMetrics.Compute(Observation(tasks, records, strategy: BenchStrategies.Shared, kill: new WorkerKill("w1", 2000)));
        var noKill = BenchMetrics.Compute(Observation(tasks, records));

        Assert.Equal("w1", shared.KilledWorker);
        Assert.Null(shared.RebalanceS);
        Assert.Null(shared.DrainedS);
        Assert.Null(noKill.KilledWorker);
        Assert.Null(noKill.RebalanceS);
    }

    [Fact]
    public void Compute_ReportsABoundNotAboveAPerfectRun_WhenTheFirstTaskIsDueLate()
    {
        // Both tasks due at 1000 ms, run at once on the two slots of a speed-1 worker: 500 ms from first submit to last end.
        var result = BenchMetrics.Compute(Observation(
            [Task("t1", 500, submitAtMs: 1000), Task("t2", 500, submitAtMs: 1000)],
            [Run("t1", "w1", 10_000, 10_500, submittedAtMs: 10_000), Run("t2", "w1", 10_000, 10_500, submittedAtMs: 10_000)],
            workers: [new("w1", 2, 1.0)]));

        Assert.Equal(0.5, result.MakespanS);
        Assert.Equal(0.5, result.LowerBoundS);
        Assert.Equal(1.0, result.MakespanRatio);
    }
}
