using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Workloads;
using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Tests.Bench;

/// <summary>Hand-built workloads, journals and fleets for the bench metric tests.</summary>
internal static class BenchFixtures
{
    /// <summary>Two workers of one slot each at speed 1: the fleet when a test does not care.</summary>
    public static IReadOnlyList<WorkerSpec> TwoWorkers { get; } = [new("w1", 1, 1.0), new("w2", 1, 1.0)];

    public static WorkloadTask Task(string id, double durationMs = 100, string key = "k", string level = "normal", long? submitAtMs = null) => new()
    {
        Id = id,
        DurationMs = durationMs,
        Key = key,
        Level = level,
        SubmitAtMs = submitAtMs,
    };

    /// <summary>
    /// One execution of <paramref name="taskId"/> by <paramref name="workerId"/>, taken from the queue
    /// of <paramref name="queueOwner"/> (the runner itself unless told): the flag and the queue name agree.
    /// </summary>
    public static ExecutionRecord Run(string taskId, string workerId, long startedAtMs, long endedAtMs, long? submittedAtMs = 0,
        string level = "normal", string outcome = "completed", string? queueOwner = null, string? affinity = "k") => new()
        {
            TaskId = taskId,
            WorkerId = workerId,
            Kind = "sleep",
            Level = level,
            Affinity = affinity,
            SourceQueue = $"fleet.w.{queueOwner ?? workerId}.{level}",
            FromOwnQueue = (queueOwner ?? workerId) == workerId,
            SubmittedAtMs = submittedAtMs,
            StartedAtMs = startedAtMs,
            EndedAtMs = endedAtMs,
            Outcome = outcome,
            Attempts = 1,
        };

    public static BenchObservation Observation(IReadOnlyList<WorkloadTask> tasks, IReadOnlyList<ExecutionRecord> records,
        string strategy = "steal", IReadOnlyList<WorkerSpec>? workers = null, IReadOnlyList<WorkerSpec>? joined = null, WorkerKill? kill = null) => new()
        {
            Scenario = "test",
            Strategy = strategy,
            Workers = workers ?? TwoWorkers,
            Joined = joined ?? [],
            Tasks = tasks,
            Records = records,
            Kill = kill,
        };
}
