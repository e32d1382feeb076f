using System.Text.Json;
using WorkerFleet.Runtime;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Workloads;

/// <summary>Turns a workload file into sleep tasks, in submission order.</summary>
internal static class WorkloadTasks
{
    /// <summary>
    /// Ordered by submit_at_ms (tasks without one first, at once); the sort is stable, so tasks due
    /// together keep the file's order. Deadlines count from <paramref name="start"/>.
    /// </summary>
    public static IReadOnlyList<ScheduledTask> Schedule(WorkloadFile workload, DateTimeOffset start) =>
        workload.Tasks
            .Select(task => new ScheduledTask(ToFleetTask(task, start), task.SubmitAtMs ?? 0))
            .OrderBy(scheduled => scheduled.SubmitAtMs)
            .ToList();

    private static FleetTask ToFleetTask(WorkloadTask task, DateTimeOffset start) => new()
    {
        Id = task.Id,
        Kind = SleepHandler.Kind,
        Level = TaskLevels.TryParse(task.Level, out var level)
            ? level
            : throw new InvalidDataException($"level '{task.Level}' of task '{task.Id}' (WorkloadJson.TryRead checks levels)"),
        Tenant = task.Tenant,
        AffinityKey = task.Key,
        Deadline = task.DeadlineMs is { } deadlineMs ? start.AddMilliseconds(deadlineMs) : null,
        CostMs = task.DurationMs,
        Payload = JsonSerializer.SerializeToElement(new { ms = task.DurationMs }),
    };
}
