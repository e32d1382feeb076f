using WorkerFleet.Cli.Reports;
using static WorkerFleet.Cli.Tests.Records;

namespace WorkerFleet.Cli.Tests;

public class JournalSummaryTests
{
    [Fact]
    public void From_CountsATaskOnceByItsLastRecord_WhenItWasSettledTwice()
    {
        // Timed out on w1, redelivered and completed on w2.
        var summary = JournalSummary.From(
        [
            Record("t1", 0, 100, outcome: "timeout", workerId: "w1"),
            Record("t1", 150, 200, workerId: "w2"),
            Record("t2", 0, 50),
        ]);

        Assert.Equal(2, summary.Settled);
        Assert.Equal(2, summary.Completed);
        Assert.Equal(1, summary.Duplicates);
        Assert.Empty(summary.DeadLettered);
        Assert.Equal(new WorkerSummary(1, 0), summary.PerWorker["w1"]);
        Assert.Equal(new WorkerSummary(1, 0), summary.PerWorker["w2"]);
    }

    [Fact]
    public void From_CountsDeadLetteredByReason_WhenTheLastRecordIsNotACompletion()
    {
        var summary = JournalSummary.From(
        [
            Record("t1", 0, 10),
            Record("t2", 0, 10, outcome: "timeout"),
            Record("t3", 0, 10, outcome: "handler-failed"),
            Record("t4", 0, 10, outcome: "timeout"),
        ]);

        Assert.Equal(4, summary.Settled);
        Assert.Equal(1, summary.Completed);
        Assert.Equal(0, summary.Duplicates);
        Assert.Equal(new Dictionary<string, int> { ["handler-failed"] = 1, ["timeout"] = 2 }, summary.DeadLettered);
        Assert.Equal(summary.Settled, summary.Completed + summary.DeadLettered.Values.Sum());
    }

    [Fact]
    public void From_ReportsWaitPercentiles_WhenTasksHaveSubmitTimes()
    {
        // Waits of 1, 2, .. 100 ms: exact in HdrHistogram's 3 significant digits.
        var records = Enumerable.Range(1, 100).Select(wait => Record($"t{wait}", 1000 + wait, 1200, submittedAtMs: 1000)).ToList();

        var waits = JournalSummary.From(records).PerLevel["normal"].WaitMs;

        Assert.Equal(new WaitPercentiles(50, 90, 99, 100), waits);
    }

    [Fact]
    public void From_CountsANegativeWaitAsZero_WhenTheWorkerClockIsBehindTheSubmitter()
    {
        var waits = JournalSummary.From([Record("t1", 990, 1000, submittedAtMs: 1000)]).PerLevel["normal"].WaitMs;

        Assert.Equal(new WaitPercentiles(0, 0, 0, 0), waits);
    }

    [Fact]
    public void From_ListsLevelsStrictestFirstWithTheirOwnCounts_WhenLevelsAreMixed()
    {
        var summary = JournalSummary.From(
        [
            Record("l1", 0, 10, level: "low"),
            Record("x1", 0, 10, level: "bulk"),
            Record("n1", 0, 10, submittedAtMs: 0),
            Record("c1", 20, 30, level: "critical", submittedAtMs: 0),
            Record("c2", 0, 10, level: "critical", outcome: "timeout"),
            Record("h1", 0, 10, level: "high"),
        ]);

        Assert.Equal(["critical", "high", "normal", "low", "bulk"], summary.PerLevel.Keys);
        Assert.Equal(1, summary.PerLevel["critical"].Completed);
        Assert.Equal(20, summary.PerLevel["critical"].WaitMs?.Max);
        Assert.Equal(1, summary.PerLevel["low"].Completed);
        Assert.Null(summary.PerLevel["low"].WaitMs);
    }

    [Fact]
    public void From_MeasuresMakespanFromFirstSubmitToLastEnd_WhenSomeRecordsHaveNoSubmitTime()
    {
        var summary = JournalSummary.From(
        [
            // Submitted before t2 started: the makespan counts from the submit, not the start.
            Record("t1", startedAtMs: 2000, endedAtMs: 2500, submittedAtMs: 500),
            Record("t2", startedAtMs: 1000, endedAtMs: 1200),
            Record("t3", startedAtMs: 3000, endedAtMs: 4250, submittedAtMs: 2000),
        ]);

        Assert.Equal(3.75, summary.MakespanSeconds, precision: 9);
    }

    [Fact]
    public void From_MeasuresMakespanFromTheFirstStart_WhenNoRecordHasASubmitTime()
    {
        var summary = JournalSummary.From([Record("t1", startedAtMs: 1000, endedAtMs: 1500), Record("t2", startedAtMs: 1200, endedAtMs: 3000)]);

        Assert.Equal(2.0, summary.MakespanSeconds, precision: 9);
    }

    [Fact]
    public void From_ReturnsAnEmptySummary_WhenThereAreNoRecords()
    {
        var summary = JournalSummary.From([]);

        Assert.Equal(0, summary.Settled);
        Assert.Equal(0, summary.MakespanSeconds);
        Assert.Empty(summary.PerLevel);
    }

    [Fact]
    public void From_CountsTasksPerWorkerAndTenant_WhenTasksCameFromOtherQueues()
    {
        var summary = JournalSummary.From(
        [
            Record("t1", 0, 10, workerId: "w1", tenant: "acme"),
            Record("t2", 0, 10, workerId: "w1", tenant: "acme", fromOwnQueue: false),
            Record("t3", 0, 10, workerId: "w2"),
        ]);

        Assert.Equal(new WorkerSummary(2, 1), summary.PerWorker["w1"]);
        Assert.Equal(new WorkerSummary(1, 0), summary.PerWorker["w2"]);
        Assert.Equal(new Dictionary<string, int> { ["acme"] = 2, [JournalSummary.DefaultTenant] = 1 }, summary.PerTenant);
    }
}
