using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Tests;

/// <summary>Journal records for the tests: a completed task on worker w1 unless told otherwise.</summary>
internal static class Records
{
    public static ExecutionRecord Record(string taskId, long startedAtMs, long endedAtMs, long? submittedAtMs = null,
        string level = "normal", string outcome = "completed", string workerId = "w1", string? tenant = null, bool fromOwnQueue = true) => new()
        {
            TaskId = taskId,
            WorkerId = workerId,
            Kind = "sleep",
            Level = level,
            Tenant = tenant,
            SourceQueue = $"fleet.w.{workerId}.{level}",
            FromOwnQueue = fromOwnQueue,
            SubmittedAtMs = submittedAtMs,
            StartedAtMs = startedAtMs,
            EndedAtMs = endedAtMs,
            Outcome = outcome,
            Attempts = 1,
        };
}
