using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Simulation;
using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Tests.Simulation;

/// <summary>Small fleets and workloads the simulator tests build their runs from.</summary>
internal static class SimulationFixtures
{
    public static SimulationSetup Setup(string strategy, IReadOnlyList<WorkerSpec> fleet, IReadOnlyList<WorkloadTask> tasks, SimulationModel? model = null) =>
        new() { Scenario = "test", Strategy = strategy, Workers = fleet, Tasks = tasks, Model = model ?? SimulationModel.Free };

    public static WorkerSpec[] Fleet(int workers, int slots) =>
        [.. Enumerable.Range(1, workers).Select(n => new WorkerSpec($"w{n}", slots, 1))];

    public static WorkloadTask[] SingleKey(int count, double durationMs, string key = "hot", long submitAtMs = 0) =>
        [.. Enumerable.Range(1, count).Select(n => Task($"{key}-{n}", durationMs, key, submitAtMs))];

    public static WorkloadTask Task(string id, double durationMs, string key = "hot", long submitAtMs = 0) =>
        new() { Id = id, DurationMs = durationMs, Key = key, Level = "normal", SubmitAtMs = submitAtMs };

    /// <summary>The worker the simulator's hash routes <paramref name="key"/> to in <paramref name="fleet"/>.</summary>
    public static string OwnerOf(string key, IReadOnlyList<WorkerSpec> fleet) =>
        new FleetSimulator(Setup(SimulationStrategies.None, fleet, [Task("probe", 0, key)])).Run().Result.CompletedPerWorker
            .Single(pair => pair.Value == 1).Key;

    /// <summary>A key of <paramref name="fleet"/> that the hash does not route to <paramref name="notOwner"/>.</summary>
    public static string KeyNotOwnedBy(string notOwner, IReadOnlyList<WorkerSpec> fleet) =>
        Enumerable.Range(0, 100).Select(n => $"key-{n}").First(key => OwnerOf(key, fleet) != notOwner);
}
