using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// Generates the bench scenarios' workloads from <see cref="Seed"/>: <c>new Random(seed)</c> keeps
/// its sequence across .NET versions, so each scenario names one workload on every machine.
/// </summary>
public static class BenchWorkloads
{
    public const int Seed = 4;

    /// <summary>Pareto shape of the sleep durations: heavy-tailed (infinite variance), as real task mixes are.</summary>
    public const double ParetoShape = 1.5;

    /// <summary>Longest task; keeps one unlucky draw from deciding a whole run.</summary>
    public const double MaxDurationMs = 1_000;

    /// <summary>Keys of the tasks that are not on the hot key: enough that the hash spreads them evenly.</summary>
    public const int ColdKeys = 64;

    public static WorkloadFile Noop(int count) =>
        Build("noop", count, (_, id, _) => new WorkloadTask { Id = id, DurationMs = 0, Key = id, Level = "normal" });

    /// <summary>Half of the tasks on one key, the rest over <see cref="ColdKeys"/> keys; Pareto durations of mean 20 ms.</summary>
    public static WorkloadFile Skew(int count) =>
        Build("skew", count, (random, id, _) => new WorkloadTask
        {
            Id = id,
            DurationMs = Pareto(random, meanMs: 20),
            Key = random.NextDouble() < 0.5 ? WorkloadGenerator.HotKey : ColdKey(random),
            Level = "normal",
        });

    /// <summary>
    /// A low backlog of 10 ms tasks submitted at once, then criticals of 10 ms at 20 per second
    /// from 2 s on (after the backlog is in the broker), every task on its own key.
    /// </summary>
    public static WorkloadFile Priority(int lowCount, int criticalCount)
    {
        const long FirstCriticalMs = 2_000;
        const long CriticalEveryMs = 50;
        var tasks = Enumerable.Range(1, lowCount)
            .Select(n => new WorkloadTask { Id = $"priority-low-{n}", DurationMs = 10, Key = $"priority-low-{n}", Level = "low" })
            .Concat(Enumerable.Range(0, criticalCount).Select(n => new WorkloadTask
            {
                Id = $"priority-critical-{n + 1}",
                DurationMs = 10,
                Key = $"priority-critical-{n + 1}",
                Level = "critical",
                SubmitAtMs = FirstCriticalMs + (n * CriticalEveryMs),
            }));
        return new WorkloadFile { Scenario = "priority", Seed = Seed, Tasks = [.. tasks] };
    }

    /// <summary>
    /// Keys spread evenly, Pareto durations of mean 40 ms: on the speed-4 worker a task then sleeps
    /// 10 ms, so the 2-3 ms a sleep overshoots on a busy 2-core machine distorts it less.
    /// </summary>
    public static WorkloadFile Hetero(int count) =>
        Build("hetero", count, (random, id, _) => new WorkloadTask { Id = id, DurationMs = Pareto(random, meanMs: 40), Key = ColdKey(random), Level = "normal" });

    /// <summary>Keys spread evenly, Pareto durations of mean 20 ms, submitted at a steady rate over <paramref name="spreadMs"/>.</summary>
    public static WorkloadFile Churn(int count, long spreadMs) =>
        Build("churn", count, (random, id, index) => new WorkloadTask
        {
            Id = id,
            DurationMs = Pareto(random, meanMs: 20),
            Key = ColdKey(random),
            Level = "normal",
            SubmitAtMs = spreadMs * index / count,
        });

    /// <summary>Tasks <c>scenario-1</c> .. <c>scenario-count</c>; <paramref name="task"/> gets the generator, the id and the 0-based index.</summary>
    private static WorkloadFile Build(string scenario, int count, Func<Random, string, int, WorkloadTask> task)
    {
        var random = new Random(Seed);
        return new WorkloadFile
        {
            Scenario = scenario,
            Seed = Seed,
            Tasks = [.. Enumerable.Range(0, count).Select(index => task(random, $"{scenario}-{index + 1}", index))],
        };
    }

    private static string ColdKey(Random random) => $"key-{random.Next(ColdKeys):D2}";

    /// <summary>
    /// Pareto(<see cref="ParetoShape"/>) by inverse transform, with the scale that gives the mean
    /// asked for (mean = shape x scale / (shape - 1)), capped at <see cref="MaxDurationMs"/>; the
    /// cap lowers the mean by a few percent. Rounded to 0.1 ms.
    /// </summary>
    private static double Pareto(Random random, double meanMs)
    {
        var scale = meanMs * (ParetoShape - 1) / ParetoShape;
        var draw = scale / Math.Pow(1 - random.NextDouble(), 1 / ParetoShape);
        return Math.Round(Math.Min(draw, MaxDurationMs), 1);
    }
}
