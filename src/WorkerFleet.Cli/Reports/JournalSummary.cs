using HdrHistogram;
using WorkerFleet.Runtime;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Reports;

/// <summary>
/// The report's numbers, from journal records alone (no files, no clock). A task settled more
/// than once (redelivered after a worker died before its ack) counts once, by its last record,
/// and shows up in <see cref="Duplicates"/>; so completed plus dead-lettered equals settled.
/// </summary>
public sealed record JournalSummary
{
    /// <summary>Tasks without a tenant share the default one (FleetTask.Tenant).</summary>
    public const string DefaultTenant = "default";

    /// <summary>Waits above a day are recorded as a day; the histogram needs an upper bound.</summary>
    private const long LongestWaitMs = 24 * 60 * 60 * 1000;

    /// <summary>Distinct task ids.</summary>
    public int Settled { get; init; }

    public int Completed { get; init; }

    /// <summary>Tasks by dead-letter reason.</summary>
    public IReadOnlyDictionary<string, int> DeadLettered { get; init; } = new Dictionary<string, int>();

    /// <summary>Task ids with more than one record.</summary>
    public int Duplicates { get; init; }

    /// <summary>By level wire name, strictest first.</summary>
    public IReadOnlyDictionary<string, LevelSummary> PerLevel { get; init; } = new Dictionary<string, LevelSummary>();

    public IReadOnlyDictionary<string, WorkerSummary> PerWorker { get; init; } = new Dictionary<string, WorkerSummary>();

    /// <summary>Settled tasks by tenant.</summary>
    public IReadOnlyDictionary<string, int> PerTenant { get; init; } = new Dictionary<string, int>();

    /// <summary>From the first submit (or start, for records without one) to the last end.</summary>
    public double MakespanSeconds { get; init; }

    public static JournalSummary From(IEnumerable<ExecutionRecord> records)
    {
        var all = records as IReadOnlyCollection<ExecutionRecord> ?? [.. records];
        var byTask = all.GroupBy(record => record.TaskId, StringComparer.Ordinal).ToList();
        var final = byTask.Select(group => group.MaxBy(record => record.EndedAtMs)!).ToList();
        return new JournalSummary
        {
            Settled = final.Count,
            Completed = final.Count(IsCompleted),
            DeadLettered = final.Where(record => !IsCompleted(record))
                .GroupBy(record => record.Outcome, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count()),
            Duplicates = byTask.Count(group => group.Skip(1).Any()),
            PerLevel = final.GroupBy(record => record.Level, StringComparer.Ordinal)
                .OrderBy(group => LevelOrder(group.Key)).ThenBy(group => group.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => new LevelSummary(group.Count(IsCompleted), Waits(group))),
            PerWorker = final.GroupBy(record => record.WorkerId, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => new WorkerSummary(group.Count(IsCompleted), group.Count(record => !record.FromOwnQueue))),
            PerTenant = final.GroupBy(record => record.Tenant ?? DefaultTenant, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count()),
            MakespanSeconds = Makespan(all),
        };
    }

    private static bool IsCompleted(ExecutionRecord record) => record.Outcome == ExecutionResult.Completed;

    /// <summary>Known levels strictest first, then any other name a record carries.</summary>
    private static int LevelOrder(string level) => TaskLevels.TryParse(level, out var known) ? (int)known : int.MaxValue;

    private static WaitPercentiles? Waits(IEnumerable<ExecutionRecord> records)
    {
        var histogram = new LongHistogram(LongestWaitMs, numberOfSignificantValueDigits: 3);
        foreach (var record in records)
        {
            if (record.SubmittedAtMs is { } submitted)
            {
                // Submitter and worker clocks may differ a little: a negative wait is a zero one.
                histogram.RecordValue(Math.Clamp(record.StartedAtMs - submitted, 0, LongestWaitMs));
            }
        }

        return histogram.TotalCount == 0
            ? null
            : new WaitPercentiles(histogram.GetValueAtPercentile(50), histogram.GetValueAtPercentile(90),
                histogram.GetValueAtPercentile(99), histogram.GetMaxValue());
    }

    private static double Makespan(IReadOnlyCollection<ExecutionRecord> records)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        var first = records.Min(record => record.SubmittedAtMs ?? record.StartedAtMs);
        var last = records.Max(record => record.EndedAtMs);
        return Math.Max(0, last - first) / 1000.0;
    }
}
