namespace WorkerFleet.Contracts;

/// <summary>
/// Asks the balancer to admit a periodic critical workload (a task of CostMs every PeriodMs);
/// answered by AdmissionAnswered. Admitted only if the fleet's critical utilisation stays within
/// the configured bound (EDF's U &lt;= 1 by default).
/// </summary>
public sealed record AdmitPeriodicWorkload
{
    public required string Name { get; init; }

    public double CostMs { get; init; }

    public double PeriodMs { get; init; }
}
