using WorkerFleet.Cli.Bench;

namespace WorkerFleet.Cli.Simulation;

/// <summary>A simulated run: the bench's numbers, and each task's submit-to-start wait (workload order, virtual ms).</summary>
public sealed record SimulationReport(BenchResult Result, IReadOnlyList<double> WaitsMs);
