using HdrHistogram;
using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Reports;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The bench's numbers (<see cref="BenchResult"/>, same names and definitions) from what the
/// simulated workers did: the lower bound is <see cref="BenchMetrics.LowerBoundMs"/>, Jain's index
/// the core's <see cref="FairnessMetrics.JainIndex"/> over the bench's utilisation (busy slot-time /
/// (slots x makespan)), waits percentiles of an HdrHistogram as <c>fleet report</c> computes them.
/// </summary>
internal static class SimulationMetrics
{
    private const long LongestWaitMs = 24 * 60 * 60 * 1000;

    // Per-worker counts only for fleets small enough to read them (the bench's are 1-5 workers).
    private const int MaxWorkersListed = 64;

    public static SimulationReport Compute(SimulationSetup setup, SimulatedTasks tasks, IReadOnlyList<SimulatedWorker> workers)
    {
        int completed = 0, duplicates = 0, own = 0;
        double firstSubmitMs = double.MaxValue, lastEndMs = 0, busyMs = 0, longestMs = 0;
        var waits = new double[tasks.Count];
        var histograms = new Dictionary<TaskLevel, LongHistogram>();
        for (var task = 0; task < tasks.Count; task++)
        {
            firstSubmitMs = Math.Min(firstSubmitMs, tasks.SubmitMs[task]);
            if (tasks.Completions[task] == 0)
            {
                continue;
            }

            completed++;
            duplicates += tasks.Completions[task] - 1;
            own += tasks.FromOwnQueue[task] ? 1 : 0;
            lastEndMs = Math.Max(lastEndMs, tasks.EndMs[task]);
            var runMs = tasks.EndMs[task] - tasks.StartMs[task];
            busyMs += runMs;
            longestMs = Math.Max(longestMs, runMs);
            waits[task] = tasks.StartMs[task] - tasks.SubmitMs[task];
            if (!histograms.TryGetValue(tasks.Level[task], out var histogram))
            {
                histogram = new LongHistogram(LongestWaitMs, numberOfSignificantValueDigits: 3);
                histograms[tasks.Level[task]] = histogram;
            }

            histogram.RecordValue(Math.Clamp((long)Math.Round(waits[task]), 0, LongestWaitMs));
        }

        var makespanMs = completed > 0 ? Math.Max(0, lastEndMs - firstSubmitMs) : 0;
        var lowerBoundMs = BenchMetrics.LowerBoundMs(setup.Tasks, setup.Workers);

        // As the bench: shared has no owner, so its hits are the runs by each key's most frequent runner.
        var shared = setup.Strategy == SimulationStrategies.Shared;
        var hits = shared ? MostFrequentRunnerHits(tasks) : own;
        var result = new BenchResult
        {
            Scenario = setup.Scenario,
            Strategy = setup.Strategy,
            Workers = workers.Count,
            Slots = workers.Count > 0 ? workers[0].Spec.Slots : 0,
            Tasks = tasks.Count,
            Completed = completed,
            Lost = tasks.Count - completed,
            Duplicates = duplicates,
            Migrations = shared ? 0 : completed - own,
            MakespanS = Seconds(makespanMs),
            LowerBoundS = Seconds(lowerBoundMs),
            MakespanRatio = lowerBoundMs > 0 ? CliOutput.Round(makespanMs / lowerBoundMs) : null,
            BusyBoundS = Seconds(completed > 0 ? Math.Max(busyMs / workers.Sum(worker => worker.Spec.Slots), longestMs) : 0),
            AffinityHitRatio = completed > 0 ? CliOutput.Round((double)hits / completed) : null,
            ThroughputPerS = makespanMs > 0 ? CliOutput.Round(completed / (makespanMs / 1000.0), 1) : 0,
            Jain = makespanMs > 0
                ? CliOutput.Round(FairnessMetrics.JainIndex([.. workers.Select(worker => worker.BusyMs / (worker.Spec.Slots * makespanMs))]))
                : null,
            WaitMs = TaskLevels.All.Where(histograms.ContainsKey).ToDictionary(level => level.ToWireName(), level => Percentiles(histograms[level])),
            CompletedPerWorker = workers.Count <= MaxWorkersListed
                ? workers.ToDictionary(worker => worker.Spec.Id, worker => CountRunBy(tasks, worker.Index))
                : new Dictionary<string, int>(),
        };
        return new SimulationReport(result, waits);
    }

    private static int MostFrequentRunnerHits(SimulatedTasks tasks) =>
        Enumerable.Range(0, tasks.Count).Where(task => tasks.Completions[task] > 0)
            .GroupBy(task => tasks.Source[task].Key, StringComparer.Ordinal)
            .Sum(key => key.GroupBy(task => tasks.Runner[task]).Max(runner => runner.Count()));

    private static WaitPercentiles Percentiles(LongHistogram histogram) =>
        new(histogram.GetValueAtPercentile(50), histogram.GetValueAtPercentile(90), histogram.GetValueAtPercentile(99), histogram.GetMaxValue());

    private static int CountRunBy(SimulatedTasks tasks, int worker) =>
        Enumerable.Range(0, tasks.Count).Count(task => tasks.Completions[task] > 0 && tasks.Runner[task] == worker);

    private static double Seconds(double ms) => CliOutput.Round(ms / 1000.0);
}
