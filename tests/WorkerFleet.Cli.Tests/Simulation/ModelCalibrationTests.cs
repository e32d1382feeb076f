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
