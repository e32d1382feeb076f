using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The bench scenarios the simulator runs, with the bench's own fleets and workloads
/// (<see cref="ScenarioCatalog"/>, <see cref="BenchWorkloads"/>: same fixed seed, same tasks).
/// Churn is not simulated: the simulator models no crash.
/// </summary>
public static class SimulationScenarios
{
    public static IReadOnlyList<string> Names { get; } = ["skew", "hetero", "noop", "priority"];

    public static BenchScenario? Find(string name) => Names.Contains(name) ? ScenarioCatalog.Find(name) : null;

    /// <summary>
    /// The scenario's workload; with <paramref name="tasks"/> the same generator at that size
    /// (priority keeps its 50:1 ratio of low to critical tasks, at least one critical).
    /// </summary>
    public static WorkloadFile Workload(BenchScenario scenario, int? tasks)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (tasks is not { } count)
        {
            return scenario.Generate();
        }

        var critical = Math.Clamp(count / 51, 1, count);
        return scenario.Name switch
        {
            "skew" => BenchWorkloads.Skew(count),
            "hetero" => BenchWorkloads.Hetero(count),
            "noop" => BenchWorkloads.Noop(count),
            "priority" => BenchWorkloads.Priority(lowCount: count - critical, criticalCount: critical),
            _ => throw new ArgumentException($"scenario {scenario.Name} is not simulated", nameof(scenario)),
        };
    }
}
