using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Reports;
using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// Measures the <see cref="SimulationModel"/> costs from the journals of bench runs
/// (<c>fleet bench --out DIR</c> writes them to DIR/journals/&lt;scenario&gt;-&lt;strategy&gt;/), with the
/// scenario's own workload (same seed) for each task's asked duration and its fleet for the speeds
/// and slots (runs with --workers, --slots or --workload are read as if they had the scenario's own).
/// </summary>
/// <remarks>
/// <para>Slots are rebuilt from the journal, first in first out: each start takes the slot that freed
/// earliest, and its gap is the time that slot stood empty.</para>
/// <list type="bullet">
/// <item>Overshoot: ended - started - duration / speed, every execution.</item>
/// <item>Refill: the gaps of the worker that ran the most own-queue tasks in none, steal and adaptive
/// runs (the hot worker, whose queue never empties), without its first and last 2 x slots starts.</item>
/// <item>Delivery: the gaps of every worker of shared runs (prefetch = slots: each start waits for a
/// delivery) without the first and last slots starts, minus the refill.</item>
/// <item>Steal fetch and request: stolen tasks whose slot stood empty longer than
/// <see cref="WaitedMs"/> waited for a steal. Two such starts of one batch (the second's slot freed
/// before the first started) are one fetch apart; the first of a batch waited the request and one
/// fetch, unless it waited a retry delay or more (then a request brought nothing first, which the
/// model's retry and stale picture account for) or it may have come on a steal lease: the thief's
/// previous stolen task came from the same queue less than a lease duration earlier, so it may have
/// asked no one (counted apart: <see cref="LeaseFirstWait"/>).</item>
/// </list>
/// </remarks>
public static class ModelCalibration
{
    /// <summary>A stolen task's slot stood empty this long or more: it waited for the steal, not for a refill.</summary>
    public const double WaitedMs = 3;

    /// <summary>Not a setting: the first wait of batches that may have come on a lease, a check that they cost about a fetch.</summary>
    public const string LeaseFirstWait = "LeaseFirstWaitMs";

    // Two waited starts further apart than this are not one batch's fetches.
    private const double SameBatchMs = 30;

    /// <summary>Measures the costs over every run under the given bench output folders.</summary>
    public static IReadOnlyList<MeasuredCost> Measure(IEnumerable<string> benchOutDirs)
    {
        var defaults = new SimulationModel();
        var retryDelayMs = defaults.StealRetryDelayMs;
        List<double> overshoot = [], refill = [], sharedGaps = [], fetch = [], firstWaits = [], leaseWaits = [];
        foreach (var runDir in benchOutDirs.SelectMany(dir => Directory.EnumerateDirectories(Path.Combine(dir, "journals"))).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(runDir);
            var dash = name.LastIndexOf('-');
            if (dash < 0 || ScenarioCatalog.Find(name[..dash]) is not { } scenario)
            {
                continue;
            }

            var strategy = name[(dash + 1)..];
            var durations = scenario.Generate().Tasks.ToDictionary(task => task.Id, task => task.DurationMs, StringComparer.Ordinal);
            var byWorker = new JournalReader(runDir).ReadNew()
                .Where(record => record.Outcome == ExecutionResult.Completed && durations.ContainsKey(record.TaskId))
                .GroupBy(record => record.WorkerId, StringComparer.Ordinal).ToList();
            var fleet = scenario.Fleet(Math.Max(scenario.Workers, byWorker.Count), scenario.Slots).ToDictionary(worker => worker.Id, StringComparer.Ordinal);
            var slots = scenario.Slots;
            foreach (var worker in byWorker)
            {
                var speed = fleet.TryGetValue(worker.Key, out var spec) ? spec.Speed : 1;
                overshoot.AddRange(worker.Select(record => record.EndedAtMs - record.StartedAtMs - (durations[record.TaskId] / speed)));
            }

            var gaps = byWorker.ToDictionary(worker => worker.Key, worker => SlotGaps([.. worker], slots), StringComparer.Ordinal);
            if (strategy == BenchStrategies.Shared)
            {
                sharedGaps.AddRange(gaps.Values.SelectMany(starts => Trimmed(starts, slots, slots)));
                continue;
            }

            var hot = byWorker.MaxBy(worker => worker.Count(record => record.FromOwnQueue))!.Key;
            refill.AddRange(Trimmed(gaps[hot], 2 * slots, 2 * slots));
            foreach (var starts in gaps.Values)
            {
                AddStealWaits(starts, fetch, firstWaits, leaseWaits, retryDelayMs, defaults.StealLeaseDurationMs);
            }
        }

        var refillMs = Mean(refill);
        var fetchMs = Mean(fetch);
        return
        [
            new(nameof(SimulationModel.OvershootMs), Mean(overshoot), overshoot.Count, defaults.OvershootMs),
            new(nameof(SimulationModel.RefillMs), refillMs, refill.Count, defaults.RefillMs),
            new(nameof(SimulationModel.DeliveryMs), Mean(sharedGaps) - refillMs, sharedGaps.Count, defaults.DeliveryMs),
            new(nameof(SimulationModel.StealRequestMs), Mean(firstWaits) - fetchMs, firstWaits.Count, defaults.StealRequestMs),
            new(nameof(SimulationModel.StealFetchMs), fetchMs, fetch.Count, defaults.StealFetchMs),
            new(LeaseFirstWait, Mean(leaseWaits), leaseWaits.Count, defaults.StealFetchMs),
        ];
    }

    /// <summary>Each start in start order with how long its slot stood empty before it (null: the slot's first task).</summary>
    private static List<(ExecutionRecord Record, double? GapMs)> SlotGaps(List<ExecutionRecord> records, int slots)
    {
        var running = new PriorityQueue<long, long>();
        var freed = new PriorityQueue<long, long>();
        var idle = slots;
        var starts = new List<(ExecutionRecord, double?)>(records.Count);
        foreach (var record in records.OrderBy(record => record.StartedAtMs).ThenBy(record => record.EndedAtMs))
        {
            while (running.TryPeek(out var end, out _) && end <= record.StartedAtMs)
            {
                freed.Enqueue(running.Dequeue(), end);
            }

            if (idle > 0)
            {
                idle--;
                starts.Add((record, null));
            }
            else
            {
                starts.Add((record, freed.TryDequeue(out var freedAt, out _) ? record.StartedAtMs - freedAt : null));
            }

            running.Enqueue(record.EndedAtMs, record.EndedAtMs);
        }

        return starts;
    }

    private static IEnumerable<double> Trimmed(List<(ExecutionRecord Record, double? GapMs)> starts, int skipFirst, int skipLast) =>
        starts.Skip(skipFirst).SkipLast(skipLast).Where(start => start.GapMs is not null).Select(start => start.GapMs!.Value);

    private static void AddStealWaits(
        List<(ExecutionRecord Record, double? GapMs)> starts, List<double> fetch, List<double> firstWaits, List<double> leaseWaits, double retryDelayMs, double leaseMs)
    {
        (long StartMs, double GapMs)? previous = null;
        ExecutionRecord? lastStolen = null;
        foreach (var (record, gap) in starts)
        {
            if (record.FromOwnQueue)
            {
                continue;
            }

            var leased = lastStolen is not null && string.Equals(lastStolen.SourceQueue, record.SourceQueue, StringComparison.Ordinal)
                && record.StartedAtMs - lastStolen.StartedAtMs < leaseMs;
            lastStolen = record;
            if (gap is not { } waited || waited < WaitedMs)
            {
                continue;
            }

            var freedAt = record.StartedAtMs - waited;
            if (previous is { } before && freedAt <= before.StartMs && record.StartedAtMs - before.StartMs <= SameBatchMs)
            {
                fetch.Add(record.StartedAtMs - before.StartMs);
            }
            else if (waited < retryDelayMs)
            {
                (leased ? leaseWaits : firstWaits).Add(waited);
            }

            previous = (record.StartedAtMs, waited);
        }
    }

    private static double? Mean(List<double> samples) => samples.Count > 0 ? samples.Average() : null;
}
