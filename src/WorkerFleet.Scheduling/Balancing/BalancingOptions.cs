namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// Settings of the balancer's core policies, bound from the <c>Balancer</c> configuration section.
/// Loads are expected drain times in milliseconds (see <see cref="WorkerLoad.ExpectedDrainMs"/>).
/// </summary>
public sealed class BalancingOptions
{
    private const string SectionName = "Balancer";

    /// <summary>Which policies the balancer runs. Default <see cref="BalancingStrategy.Adaptive"/>.</summary>
    public BalancingStrategy Strategy { get; init; } = BalancingStrategy.Adaptive;

    /// <summary>
    /// A worker is only stolen from while its expected drain exceeds this. Default 50 ms: below that,
    /// the round trip of a steal order and a remote consume costs about what it could save.
    /// </summary>
    public double StealThresholdMs { get; init; } = 50;

    /// <summary>
    /// Relative band around the fleet's mean load. Overloaded above mean x (1 + Tolerance), and
    /// overloaded until below mean x (1 + Tolerance / 2) (hysteresis: a worker hovering at the
    /// threshold is not reclassified every round); underloaded below mean x (1 - Tolerance).
    /// Default 0.25.
    /// </summary>
    public double Tolerance { get; init; } = 0.25;

    /// <summary>
    /// After a migration is planned between two workers, the planner leaves that pair alone this
    /// long, so the move shows in their heartbeats before it is judged again. Default 2 s.
    /// </summary>
    public TimeSpan PairCooldown { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most migrations in one plan, bounding the steal orders one round sends. Default 1000.</summary>
    public int MaxMigrationsPerPlan { get; init; } = 1000;

    /// <summary>
    /// Service time assumed for a speed-1 worker that has no sample yet (a fresh worker). Default 20 ms.
    /// </summary>
    public double DefaultServiceMs { get; init; } = 20;

    /// <summary>
    /// Aging boost the balancer pushes to workers' local schedulers at run time. Carried here so one
    /// configuration section holds the balancing settings; the planner does not use it. Default 0.3.
    /// </summary>
    public double AgingBoost { get; init; } = 0.3;

    /// <summary>Every broken rule, each naming its setting; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Strategy))
        {
            errors.Add($"{SectionName}:{nameof(Strategy)} must be one of {string.Join(", ", Enum.GetNames<BalancingStrategy>())}");
        }

        // !(x >= 0) also rejects NaN.
        if (!(StealThresholdMs >= 0) || double.IsInfinity(StealThresholdMs))
        {
            errors.Add($"{SectionName}:{nameof(StealThresholdMs)} must be a finite number >= 0");
        }

        if (!(Tolerance >= 0) || Tolerance >= 1)
        {
            errors.Add($"{SectionName}:{nameof(Tolerance)} must be >= 0 and < 1");
        }

        if (PairCooldown < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{nameof(PairCooldown)} must be >= 0");
        }

        if (MaxMigrationsPerPlan < 1)
        {
            errors.Add($"{SectionName}:{nameof(MaxMigrationsPerPlan)} must be >= 1");
        }

        if (!(DefaultServiceMs > 0) || double.IsInfinity(DefaultServiceMs))
        {
            errors.Add($"{SectionName}:{nameof(DefaultServiceMs)} must be a finite number > 0");
        }

        if (!(AgingBoost >= 0) || double.IsInfinity(AgingBoost))
        {
            errors.Add($"{SectionName}:{nameof(AgingBoost)} must be a finite number >= 0");
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds errors.</summary>
    /// <exception cref="ArgumentException">The message names each broken setting.</exception>
    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), "options");
        }
    }
}
