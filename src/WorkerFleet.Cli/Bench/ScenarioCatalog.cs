using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// The scenarios of issue 4, each with its default fleet. Sizes keep one <c>--strategy all</c> run
/// of skew under a minute on a 2-core machine; see docs/benchmarks.md for what each one shows.
/// </summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<BenchScenario> All { get; } =
    [
        new()
        {
            // Throughput of tiny tasks against a raw publish/consume loop of the same durability. One
            // worker, as the raw loop has one consumer: on 2 cores a second worker process only
            // takes CPU from the broker (measured: docs/benchmarks.md).
            Name = "noop",
            Workers = 1,
            Slots = 16,
            TaskKind = NoopHandler.Kind,
            MeasuresRawCeiling = true,
            Generate = () => BenchWorkloads.Noop(30_000),
        },
        new()
        {
            // One hot key: static affinity piles 62.5% of the work on one worker.
            Name = "skew",
            Workers = 4,
            Slots = 4,
            Generate = () => BenchWorkloads.Skew(2_000),
        },
        new()
        {
            // Criticals arriving while a low backlog drains: they can only wait for a slot to free.
            Name = "priority",
            Workers = 1,
            Slots = 2,
            Generate = () => BenchWorkloads.Priority(lowCount: 5_000, criticalCount: 100),
        },
        new()
        {
            // Hash shares by slots x speed, but a ring of 32 points splits unevenly: whoever is ahead must take work from whoever is behind.
            Name = "hetero",
            Workers = 4,
            Slots = 4,
            Speeds = [1, 1, 2, 4],
            Generate = () => BenchWorkloads.Hetero(2_000),
        },
        new()
        {
            // A worker crashes mid-run under steady arrivals; a new one joins.
            Name = "churn",
            Workers = 4,
            Slots = 4,
            MinWorkers = 2,
            KillAtMs = 2_000,
            Generate = () => BenchWorkloads.Churn(3_000, spreadMs: 6_000),
        },
    ];

    public static IEnumerable<string> Names => All.Select(scenario => scenario.Name);

    public static BenchScenario? Find(string name) => All.FirstOrDefault(scenario => scenario.Name == name);
}
