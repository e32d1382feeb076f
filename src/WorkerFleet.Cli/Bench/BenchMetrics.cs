using WorkerFleet.Cli.Reports;
using WorkerFleet.Cli.Workloads;
using WorkerFleet.Runtime;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// Computes a run's <see cref="BenchResult"/> from its journal records and workload alone (no
/// broker, no clock). Records of ids the workload does not hold are ignored.
/// </summary>
public static class BenchMetrics
{
    public static BenchResult Compute(BenchObservation run)
    {
        var submitted = run.Tasks.Select(task => task.Id).ToHashSet(StringComparer.Ordinal);
        var records = run.Records.Where(record => submitted.Contains(record.TaskId)).ToList();

        // One completed record per task: the last, as JournalSummary counts them.
        var completed = records.Where(IsCompleted).GroupBy(record => record.TaskId, StringComparer.Ordinal)
            .Select(group => group.MaxBy(record => record.EndedAtMs)!).ToList();
        var settledIds = records.Select(record => record.TaskId).Distinct(StringComparer.Ordinal).Count();
        var shared = run.Strategy == BenchStrategies.Shared;
        var makespanMs = MakespanMs(records, completed);
        var lowerBoundMs = LowerBoundMs(run.Tasks, run.Workers);
        var moved = run.Kill is { } kill && !shared ? MovedAfterKill(records, kill) : [];
        return new BenchResult
        {
            Scenario = run.Scenario,
            Strategy = run.Strategy,
            Workers = run.Workers.Count,
            Slots = run.Workers.Count > 0 ? run.Workers[0].Slots : 0,
            Tasks = submitted.Count,
            Completed = completed.Count,
            Lost = submitted.Count - completed.Count,
            DeadLettered = settledIds - completed.Count,
            Duplicates = records.Count - settledIds,
            Migrations = shared ? 0 : completed.Count(record => !record.FromOwnQueue),
            MakespanS = Seconds(makespanMs),
            LowerBoundS = Seconds(lowerBoundMs),
            MakespanRatio = lowerBoundMs > 0 ? CliOutput.Round(makespanMs / lowerBoundMs) : null,
            BusyBoundS = Seconds(BusyBoundMs(records, [.. run.Workers, .. run.Joined])),
            AffinityHitRatio = Ratio(shared ? MostFrequentWorkerHits(completed) : completed.Count(record => record.FromOwnQueue), completed.Count),
            ThroughputPerS = makespanMs > 0 ? CliOutput.Round(completed.Count / (makespanMs / 1000.0), 1) : 0,
            Jain = Jain([.. run.Workers, .. run.Joined], records, makespanMs),
            WaitMs = JournalSummary.From(records).PerLevel
                .Where(pair => pair.Value.WaitMs is not null)
                .ToDictionary(pair => pair.Key, pair => pair.Value.WaitMs!),
            CompletedPerWorker = completed.GroupBy(record => record.WorkerId, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count()),
            KilledWorker = run.Kill?.WorkerId,
            RebalanceS = moved.Count > 0 ? Seconds(moved.Min(record => record.StartedAtMs) - run.Kill!.AtUnixMs) : null,
            DrainedS = moved.Count > 0 ? Seconds(moved.Max(record => record.StartedAtMs) - run.Kill!.AtUnixMs) : null,
        };
    }

    /// <summary>
    /// Jain's fairness index (sum x)^2 / (n sum x^2) over the workers' utilisation x = busy
    /// slot-time / (slots x makespan). Busy time is measured (end - start), so it is already
    /// speed-normalised: a fast worker busy all along is as utilised as a slow one. 1 = even.
    /// </summary>
    public static double? Jain(IReadOnlyList<WorkerSpec> workers, IReadOnlyList<ExecutionRecord> records, double makespanMs)
    {
        if (workers.Count == 0 || makespanMs <= 0)
        {
            return null;
        }

        var busy = records.GroupBy(record => record.WorkerId, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(record => (double)(record.EndedAtMs - record.StartedAtMs)), StringComparer.Ordinal);
        var utilisation = workers.Select(worker => busy.GetValueOrDefault(worker.Id) / (worker.Slots * makespanMs)).ToList();
        var squares = utilisation.Sum(x => x * x);
        return squares > 0 ? CliOutput.Round(Math.Pow(utilisation.Sum(), 2) / (workers.Count * squares)) : null;
    }

    /// <summary>
    /// No schedule ends sooner than the work over the fleet's capacity, than the longest task on the
    /// fastest worker, or than the latest-submitted task run at once on the fastest worker.
    /// </summary>
    public static double LowerBoundMs(IReadOnlyList<WorkloadTask> tasks, IReadOnlyList<WorkerSpec> workers)
    {
        if (tasks.Count == 0 || workers.Count == 0)
        {
            return 0;
        }

        var capacity = workers.Sum(worker => worker.Slots * worker.Speed);
        var fastest = workers.Max(worker => worker.Speed);

        // The makespan starts at the first submit, so due times count from the earliest one.
        var firstDue = tasks.Min(task => task.SubmitAtMs ?? 0);
        return Math.Max(tasks.Sum(task => task.DurationMs) / capacity,
            tasks.Max(task => (task.SubmitAtMs ?? 0) - firstDue + (task.DurationMs / fastest)));
    }

    /// <summary>Measured executions packed perfectly: busy slot-time over all slots, or the longest execution.</summary>
    private static double BusyBoundMs(List<ExecutionRecord> records, IReadOnlyList<WorkerSpec> workers) =>
        records.Count == 0 || workers.Count == 0
            ? 0
            : Math.Max(records.Sum(record => (double)(record.EndedAtMs - record.StartedAtMs)) / workers.Sum(worker => worker.Slots),
                records.Max(record => record.EndedAtMs - record.StartedAtMs));

    /// <summary>For each key, the tasks run by the worker that ran most of that key's tasks.</summary>
    private static int MostFrequentWorkerHits(IEnumerable<ExecutionRecord> completed) =>
        completed.GroupBy(record => record.Affinity ?? record.TaskId, StringComparer.Ordinal)
            .Sum(key => key.GroupBy(record => record.WorkerId, StringComparer.Ordinal).Max(worker => worker.Count()));

    /// <summary>Executions on other workers, started after the kill, of tasks from the killed worker's queues.</summary>
    private static List<ExecutionRecord> MovedAfterKill(IEnumerable<ExecutionRecord> records, WorkerKill kill)
    {
        var queues = TaskLevels.All.Select(level => BrokerNames.WorkerQueue(kill.WorkerId, level)).ToHashSet(StringComparer.Ordinal);
        return [.. records.Where(record => record.WorkerId != kill.WorkerId && queues.Contains(record.SourceQueue) && record.StartedAtMs >= kill.AtUnixMs)];
    }

    private static double MakespanMs(List<ExecutionRecord> records, List<ExecutionRecord> completed) =>
        completed.Count == 0 ? 0 : Math.Max(0, completed.Max(record => record.EndedAtMs) - records.Min(record => record.SubmittedAtMs ?? record.StartedAtMs));

    internal static bool IsCompleted(ExecutionRecord record) => record.Outcome == ExecutionResult.Completed;

    private static double? Ratio(int part, int whole) => whole > 0 ? CliOutput.Round((double)part / whole) : null;

    private static double Seconds(double ms) => CliOutput.Round(ms / 1000.0);
}
