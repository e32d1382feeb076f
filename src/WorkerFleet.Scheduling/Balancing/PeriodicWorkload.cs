namespace WorkerFleet.Scheduling.Balancing;

/// <summary>A recurring critical workload: one task of <see cref="CostMs"/> every <see cref="PeriodMs"/>, due by the next.</summary>
/// <param name="Name">Identifies the workload (registering a name again replaces it).</param>
/// <param name="CostMs">Service time of one task on a speed-1 slot (> 0).</param>
/// <param name="PeriodMs">Time between releases, which is also the relative deadline (> 0).</param>
public sealed record PeriodicWorkload(string Name, double CostMs, double PeriodMs)
{
    /// <summary>Share of one speed-1 slot it keeps busy on average: cost / period.</summary>
    public double Demand => CostMs / PeriodMs;
}
