using System.Globalization;

namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// Admits periodic critical workloads only while the fleet can still meet every deadline, by the
/// utilisation test of earliest-deadline-first scheduling. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>Utilisation U = Σ cost / period over the registered workloads, divided by the fleet's
/// capacity (total slots x speed). On one processor EDF meets every deadline iff U &lt;= 1 (Liu and
/// Layland, 1973), hence the default bound.</para>
/// <para>On m slots the same test is necessary, not sufficient: a task runs on one slot at a time,
/// and global EDF can miss deadlines below U = 1 when single tasks are heavy. The sufficient
/// Goossens-Funk-Baruah bound is U &lt;= 1 - (1 - 1/m) x u_max, with u_max the heaviest single
/// demand per slot; a caller that needs guarantees passes that (or a margin) as the bound.</para>
/// </remarks>
public sealed class AdmissionControl
{
    // Forgives summation noise, so that 0.1 + 0.2 + 0.7 of capacity is still "exactly full".
    private const double RoundingSlack = 1e-9;

    private readonly Dictionary<string, PeriodicWorkload> _registered = new(StringComparer.Ordinal);

    public IReadOnlyCollection<PeriodicWorkload> Registered => _registered.Values;

    /// <summary>
    /// Registers the workload if the fleet's utilisation with it stays within <paramref name="bound"/>.
    /// A workload of a registered name replaces that one (its old demand does not count twice).
    /// </summary>
    /// <param name="workload">The workload asking to be admitted.</param>
    /// <param name="fleetCapacity">Total slots x speed of the accepting workers (>= 0; 0 admits nothing).</param>
    /// <param name="bound">Highest utilisation allowed (> 0). Default 1: EDF's U &lt;= 1.</param>
    public AdmissionDecision TryAdmit(PeriodicWorkload workload, double fleetCapacity, double bound = 1.0)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentException.ThrowIfNullOrEmpty(workload.Name, nameof(workload));
        ThrowIfNotPositive(workload.CostMs, nameof(workload), "CostMs");
        ThrowIfNotPositive(workload.PeriodMs, nameof(workload), "PeriodMs");
        ThrowIfNotPositive(bound, nameof(bound), nameof(bound));
        ThrowIfNegativeCapacity(fleetCapacity);

        var demandBefore = TotalDemand();
        var replaced = _registered.TryGetValue(workload.Name, out var previous) ? previous.Demand : 0;
        var demandAfter = demandBefore - replaced + workload.Demand;
        var before = ToUtilisation(demandBefore, fleetCapacity);
        var after = ToUtilisation(demandAfter, fleetCapacity);

        var admitted = fleetCapacity > 0 && after <= bound * (1 + RoundingSlack);
        if (admitted)
        {
            _registered[workload.Name] = workload;
        }

        var reason = fleetCapacity == 0
            ? $"rejected {workload.Name}: the fleet has no capacity"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{(admitted ? "admitted" : "rejected")} {workload.Name}: utilisation {before:0.###} -> {after:0.###} of capacity {fleetCapacity:0.###} is {(admitted ? "within" : "above")} the bound {bound:0.###}");
        return new AdmissionDecision(admitted, before, after, reason);
    }

    /// <returns>Whether a workload of that name was registered.</returns>
    public bool Remove(string name) => _registered.Remove(name);

    /// <summary>Utilisation of the fleet by the registered workloads (infinite when they exist and capacity is 0).</summary>
    public double Utilisation(double fleetCapacity)
    {
        ThrowIfNegativeCapacity(fleetCapacity);
        return ToUtilisation(TotalDemand(), fleetCapacity);
    }

    // Summed afresh each time: a running total would drift with every add and remove.
    private double TotalDemand() => _registered.Values.Sum(registered => registered.Demand);

    private static double ToUtilisation(double demand, double capacity) =>
        demand == 0 ? 0 : capacity == 0 ? double.PositiveInfinity : demand / capacity;

    private static void ThrowIfNotPositive(double value, string parameter, string what)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{what} must be a finite number > 0");
        }
    }

    private static void ThrowIfNegativeCapacity(double fleetCapacity)
    {
        if (!(fleetCapacity >= 0) || double.IsInfinity(fleetCapacity))
        {
            throw new ArgumentOutOfRangeException(nameof(fleetCapacity), fleetCapacity, "capacity must be a finite number >= 0");
        }
    }
}
