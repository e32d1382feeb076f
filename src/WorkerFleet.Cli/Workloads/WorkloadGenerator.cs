using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Workloads;

/// <summary>
/// Generates the demo's workloads. Draws come from <c>new Random(seed)</c>, whose seeded sequence
/// .NET keeps stable across versions, so a seed names one workload on every machine.
/// </summary>
public static class WorkloadGenerator
{
    public const string MixedScenario = "mixed";

    /// <summary>The one affinity key that draws <see cref="HotShare"/> of the tasks.</summary>
    public const string HotKey = "hot";

    /// <summary>
    /// A quarter of all tasks hash to one worker: with 3 workers its share is about
    /// 0.25 + 0.75 / 3 = 50%, so without balancing it finishes long after its peers.
    /// </summary>
    public const double HotShare = 0.25;

    /// <summary>Keys of the other tasks: enough that the hash spreads them evenly.</summary>
    public const int ColdKeys = 200;

    public const double MinDurationMs = 5;
    public const double MaxDurationMs = 60;

    /// <summary>Critical tasks' deadline after the start of the submission: tight, but met if critical work runs first.</summary>
    public const long CriticalDeadlineMs = 2000;

    private static readonly (TaskLevel Level, double Share)[] LevelShares =
        [(TaskLevel.Critical, 0.05), (TaskLevel.High, 0.15), (TaskLevel.Normal, 0.50), (TaskLevel.Low, 0.30)];

    private static readonly (string Tenant, double Share)[] TenantShares = [("acme", 0.6), ("globex", 0.3), ("initech", 0.1)];

    /// <summary>
    /// The mixed workload: every level, three tenants of unequal weight, one hot key, durations
    /// log-uniform in [5, 60] ms (many short tasks, a few long ones), all submitted at once.
    /// </summary>
    public static WorkloadFile Mixed(int count, int seed, int workersHint)
    {
        var random = new Random(seed);
        var tasks = new List<WorkloadTask>(count);
        for (var n = 1; n <= count; n++)
        {
            // Drawn in order: a smaller count gives a prefix of a larger one with the same seed.
            var level = Pick(LevelShares, random.NextDouble());
            var tenant = Pick(TenantShares, random.NextDouble());
            var key = random.NextDouble() < HotShare ? HotKey : $"key-{random.Next(ColdKeys):D3}";
            var durationMs = Math.Round(MinDurationMs * Math.Pow(MaxDurationMs / MinDurationMs, random.NextDouble()));
            tasks.Add(new WorkloadTask
            {
                Id = $"{MixedScenario}-{seed}-{n}",
                DurationMs = durationMs,
                Key = key,
                Level = level.ToWireName(),
                Tenant = tenant,
                DeadlineMs = level == TaskLevel.Critical ? CriticalDeadlineMs : null,
            });
        }

        return new WorkloadFile { Scenario = MixedScenario, Seed = seed, WorkersHint = workersHint, Tasks = tasks };
    }

    private static T Pick<T>((T Value, double Share)[] shares, double draw)
    {
        foreach (var (value, share) in shares)
        {
            if (draw < share)
            {
                return value;
            }

            draw -= share;
        }

        // Shares add up to 1 but not exactly in floating point: the remainder goes to the last.
        return shares[^1].Value;
    }
}
