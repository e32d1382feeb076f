using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Scheduling.Tests.Balancing;

/// <summary>Shorthands shared by the balancing tests.</summary>
internal static class BalancingTestKit
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly BalancingOptions Defaults = new();

    public static double Drain(WorkerLoad worker) => worker.ExpectedDrainMs(Defaults.DefaultServiceMs);
}
