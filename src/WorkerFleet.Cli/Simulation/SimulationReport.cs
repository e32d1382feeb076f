using WorkerFleet.Cli.Bench;

namespace WorkerFleet.Cli.Simulation;

/// <summary>A simulated run: the bench's numbers, and each task's submit-to-start wait (workload order, virtual ms).</summary>
public sealed record SimulationReport(BenchResult Result, IReadOnlyList<double> WaitsMs)
{
    /// <summary>Steal requests the balancer answered (each a request round trip).</summary>
    public long StealRequests { get; init; }

    /// <summary>Steal rounds a thief took on its lease, without asking the balancer (those that found the queue empty included).</summary>
    public long LeaseSteals { get; init; }
}
