using System.Text.Json;
using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Simulation;
using WorkerFleet.Runtime;
using static WorkerFleet.Cli.Tests.Records;

namespace WorkerFleet.Cli.Tests.Simulation;

public class ModelCalibrationTests
{
    [Fact]
    public void Measure_FindsTheOvershootRefillAndDelivery_WhenJournalsWereWrittenWithThem()
    {
        using var bench = new TempFolder();
        var tasks = ScenarioCatalog.Find("skew")!.Generate().Tasks.Take(60).ToList();

        // Every task runs its whole milliseconds + 2; each slot starts its next task 3 ms after one
        // ends under static affinity, 7 ms after (3 + a 4 ms delivery) on the shared queue.
        WriteJournal(bench.Path, "skew-none", Packed(tasks, overshootMs: 2, gapMs: 3));
        WriteJournal(bench.Path, "skew-shared", Packed(tasks, overshootMs: 2, gapMs: 7));

        var costs = ModelCalibration.Measure([bench.Path]).ToDictionary(cost => cost.Setting);

        Assert.InRange(costs[nameof(SimulationModel.OvershootMs)].Ms!.Value, 1.5, 2.5);
        Assert.Equal(3.0, costs[nameof(SimulationModel.RefillMs)].Ms);
        Assert.Equal(4.0, costs[nameof(SimulationModel.DeliveryMs)].Ms);
        Assert.Equal((null, 0), (costs[nameof(SimulationModel.StealFetchMs)].Ms, costs[nameof(SimulationModel.StealFetchMs)].Samples));
    }

    [Fact]
    public void Measure_CountsAFirstWaitAsALeaseNotARequest_WhenTheThiefsLastStealCameFromTheSameQueue()
    {
        // Thief w2 (4 slots) starts four tasks stolen from w1 at 0, its slots freeing at 100, 120, 125
        // and 300 ms. Its next stolen task from w1 starts at 110 (waited 10 ms; same queue as its last
        // steal, 110 ms ago: it may have come on the lease). The next, from w3, starts at 140 (waited
        // 20 ms: a new victim, so a request) and another from w3 at 146, one fetch (6 ms) later.
        using var bench = new TempFolder();
        ExecutionRecord Stolen(int n, long startMs, long endMs, string victim) =>
            Record($"skew-{n}", startMs, endMs, submittedAtMs: 0, workerId: "w2", fromOwnQueue: false) with { SourceQueue = $"fleet.w.{victim}.normal" };
        WriteJournal(bench.Path, "skew-steal",
        [
            Stolen(1, 0, 100, "w1"), Stolen(2, 0, 120, "w1"), Stolen(3, 0, 125, "w1"), Stolen(4, 0, 300, "w1"),
            Stolen(5, 110, 400, "w1"), Stolen(6, 140, 400, "w3"), Stolen(7, 146, 400, "w3"),
        ]);

        var costs = ModelCalibration.Measure([bench.Path]).ToDictionary(cost => cost.Setting);

        Assert.Equal((6.0, 1), (costs[nameof(SimulationModel.StealFetchMs)].Ms, costs[nameof(SimulationModel.StealFetchMs)].Samples));
        Assert.Equal((14.0, 1), (costs[nameof(SimulationModel.StealRequestMs)].Ms, costs[nameof(SimulationModel.StealRequestMs)].Samples));
        Assert.Equal((10.0, 1), (costs[ModelCalibration.LeaseFirstWait].Ms, costs[ModelCalibration.LeaseFirstWait].Samples));
    }

    /// <summary>Tasks on w1's 4 slots in order, each starting gapMs after the earliest slot freed.</summary>
    private static List<ExecutionRecord> Packed(IEnumerable<Workloads.WorkloadTask> tasks, long overshootMs, long gapMs)
    {
        var freed = new PriorityQueue<long, long>([(0L, 0L), (0L, 0L), (0L, 0L), (0L, 0L)]);
        var records = new List<ExecutionRecord>();
        foreach (var (task, index) in tasks.Select((task, index) => (task, index)))
        {
            var startMs = index < 4 ? 0 : freed.Dequeue() + gapMs;
            if (index < 4)
            {
                freed.Dequeue();
            }

            var endMs = startMs + (long)Math.Round(task.DurationMs) + overshootMs;
            freed.Enqueue(endMs, endMs);
            records.Add(Record(task.Id, startMs, endMs, submittedAtMs: 0));
        }

        return records;
    }

    private static void WriteJournal(string benchOut, string run, IEnumerable<ExecutionRecord> records)
    {
        var folder = Directory.CreateDirectory(Path.Combine(benchOut, "journals", run)).FullName;
        File.WriteAllLines(Path.Combine(folder, "w1.jsonl"), records.Select(record => JsonSerializer.Serialize(record, JsonSerializerOptions.Web)));
    }
}
