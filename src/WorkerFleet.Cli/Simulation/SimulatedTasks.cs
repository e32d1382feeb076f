using WorkerFleet.Cli.Workloads;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The workload as flat arrays (a million tasks stay a few tens of MB) plus what happened to each
/// task in the run: who ran it, when it started and ended, how often it completed.
/// </summary>
internal sealed class SimulatedTasks
{
    public SimulatedTasks(IReadOnlyList<WorkloadTask> tasks, HashRing ring)
    {
        Source = tasks;
        var count = tasks.Count;
        Level = new TaskLevel[count];
        SubmitMs = new double[count];
        Owner = new int[count];
        Runner = new int[count];
        StartMs = new double[count];
        EndMs = new double[count];
        Completions = new int[count];
        FromOwnQueue = new bool[count];
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var task = tasks[i];
            Level[i] = TaskLevels.TryParse(task.Level, out var level)
                ? level
                : throw new InvalidDataException($"level '{task.Level}' of task '{task.Id}' (WorkloadJson.TryRead checks levels)");
            SubmitMs[i] = task.SubmitAtMs ?? 0;
            if (!owners.TryGetValue(task.Key, out var owner))
            {
                owner = ring.Owner(task.Key);
                owners[task.Key] = owner;
            }

            Owner[i] = owner;
            Runner[i] = -1;
        }
    }

    public IReadOnlyList<WorkloadTask> Source { get; }

    public int Count => Level.Length;

    public TaskLevel[] Level { get; }

    public double[] SubmitMs { get; }

    /// <summary>The worker the hash routes the task's key to.</summary>
    public int[] Owner { get; }

    /// <summary>The worker that ran it (-1: not run).</summary>
    public int[] Runner { get; }

    public double[] StartMs { get; }

    public double[] EndMs { get; }

    public int[] Completions { get; }

    /// <summary>Delivered from its owner's own queue (false: stolen, or from the shared queue).</summary>
    public bool[] FromOwnQueue { get; }

    public double DurationMs(int task) => Source[task].DurationMs;

    /// <summary>What the local scheduler orders by; deadlines count from the start of the run (virtual 0).</summary>
    public SchedulingInfo Info(int task, DateTimeOffset start)
    {
        var source = Source[task];
        return new SchedulingInfo(Level[task], source.Tenant,
            source.DeadlineMs is { } deadlineMs ? start.AddMilliseconds(deadlineMs) : null, source.DurationMs);
    }
}
