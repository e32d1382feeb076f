using WorkerFleet.Cli.Workloads;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The workload as flat arrays (a million tasks stay a few tens of MB) plus what happened to each
/// task in the run: who ran it, when it started and ended, how often it completed.
/// </summary>
internal sealed class SimulatedTasks
{
    /// <summary>The tasks, each owned by the worker (index in the fleet) <paramref name="ownerOf"/> gives for its key (see <see cref="OwnerLookup"/>).</summary>
    public SimulatedTasks(IReadOnlyList<WorkloadTask> tasks, Func<string, int> ownerOf)
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
                owner = ownerOf(task.Key);
                owners[task.Key] = owner;
            }

            Owner[i] = owner;
            Runner[i] = -1;
        }
    }

    public IReadOnlyList<WorkloadTask> Source { get; }

    /// <summary>
    /// Who owns a key in <paramref name="setup"/>'s fleet: the worker its <see cref="SimulationSetup.KeyOwners"/>
    /// names, else (no map, key not in it, or a worker id not in the fleet) the hash ring salted by its seed.
    /// </summary>
    public static Func<string, int> OwnerLookup(SimulationSetup setup)
    {
        var ring = new HashRing(setup.Workers, setup.Seed);
        if (setup.KeyOwners is not { } keyOwners)
        {
            return ring.Owner;
        }

        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < setup.Workers.Count; index++)
        {
            indexById.TryAdd(setup.Workers[index].Id, index);
        }

        return key => keyOwners.TryGetValue(key, out var workerId) && indexById.TryGetValue(workerId, out var index) ? index : ring.Owner(key);
    }

    public int Count => Level.Length;

    public TaskLevel[] Level { get; }

    public double[] SubmitMs { get; }

    /// <summary>The worker that owns the task's key: its own queue is where the task is routed.</summary>
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
