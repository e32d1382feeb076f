using Prometheus;
using WorkerFleet.Messaging.Metrics;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime.Metrics;

/// <summary>
/// Counts every task the worker settled, from the same records the journal keeps: outcomes, run
/// time and wait (submit to start). A kind this worker has no handler for is labelled "unknown":
/// producers choose kinds, and one label per stray kind would grow the series without bound.
/// </summary>
internal sealed class TaskMetrics(IMetricFactory metrics, HandlerRegistry handlers) : IExecutionObserver
{
    public const string UnknownKind = "unknown";

    /// <summary>0.5 ms to ~65 s, doubling: no-op tasks and minute-long ones on one scale.</summary>
    private static readonly double[] SecondsBuckets = Histogram.ExponentialBuckets(0.0005, 2, 18);

    private readonly Counter _settled = metrics.CreateCounter("fleet_worker_tasks_total",
        "Tasks this worker settled, by outcome: completed, or the reason they were dead-lettered.",
        ["kind", "level", "outcome"]);

    private readonly Counter _fromElsewhere = metrics.CreateCounter("fleet_worker_foreign_tasks_total",
        "Completed tasks taken from a peer's queue or a fallback queue rather than this worker's own (steals, drains, hand-backs).",
        ["level"]).WithZeroSeries(TaskLevels.All.Select(level => level.ToWireName()));

    private readonly Histogram _run = metrics.CreateHistogram("fleet_worker_task_run_seconds",
        "Time from a task's start to its end on this worker, retries included.",
        ["kind", "level"], new HistogramConfiguration { Buckets = SecondsBuckets });

    private readonly Histogram _wait = metrics.CreateHistogram("fleet_worker_task_wait_seconds",
        "Time from a task's submission (its x-submitted-at header) to its start; tasks without the header are not counted.",
        ["level"], new HistogramConfiguration { Buckets = SecondsBuckets });

    public ValueTask OnSettledAsync(ExecutionRecord record)
    {
        var kind = record.Kind is { } named && handlers.Handles(named) ? named : UnknownKind;
        _settled.WithLabels(kind, record.Level, record.Outcome).Inc();
        if (record.Outcome == ExecutionResult.Completed)
        {
            _run.WithLabels(kind, record.Level).Observe((record.EndedAtMs - record.StartedAtMs) / 1000.0);
            if (!record.FromOwnQueue)
            {
                _fromElsewhere.WithLabels(record.Level).Inc();
            }
        }

        // Rejected tasks never started (no attempt): their "start" is the rejection.
        if (record.SubmittedAtMs is { } submitted && record.Attempts > 0)
        {
            _wait.WithLabels(record.Level).Observe(Math.Max(0, record.StartedAtMs - submitted) / 1000.0);
        }

        return ValueTask.CompletedTask;
    }
}
