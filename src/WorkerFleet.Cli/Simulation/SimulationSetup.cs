using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Workloads;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Simulation;

/// <summary>What one simulated run is given: the fleet, the workload and the strategy to run it with.</summary>
public sealed record SimulationSetup
{
    /// <summary>Label carried into the result (the scenario's name, or the workload file's).</summary>
    public required string Scenario { get; init; }

    /// <summary>One of <see cref="SimulationStrategies.All"/>.</summary>
    public required string Strategy { get; init; }

    public required IReadOnlyList<WorkerSpec> Workers { get; init; }

    public required IReadOnlyList<WorkloadTask> Tasks { get; init; }

    /// <summary>
    /// What differs between two real runs of one workload: which worker owns which key (the hash
    /// ring's salt), the order the shared queue's consumers registered, the workers' heartbeat
    /// phases. Same seed, same result.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>
    /// Affinity key to the id of the worker that owns it, as a real run had them (see
    /// <see cref="Simulation.KeyOwners"/>); a key not here, or whose worker is not in
    /// <see cref="Workers"/>, goes where the seeded hash ring puts it. Default null: the ring for every key.
    /// </summary>
    public IReadOnlyDictionary<string, string>? KeyOwners { get; init; }

    /// <summary>What the real fleet costs beyond the policies; default: as measured on the bench machine.</summary>
    public SimulationModel Model { get; init; } = new();

    /// <summary>
    /// How many of the heaviest workers a thief shows the steal policy (it picks among them). The
    /// policy ranks by expected drain too, so the heaviest few are the ones it would choose.
    /// Default 8.
    /// </summary>
    public int VictimSample { get; init; } = 8;

    /// <summary>The steal policy's thresholds and default service time (the balancer's defaults).</summary>
    public BalancingOptions Balancing { get; init; } = new();
}
