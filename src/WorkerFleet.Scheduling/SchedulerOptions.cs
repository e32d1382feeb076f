namespace WorkerFleet.Scheduling;

/// <summary>
/// Settings of the <see cref="LocalScheduler{T}"/>, bound from a <c>Scheduler</c> section inside the
/// host's own (the worker's is <c>Worker:Scheduler</c>; it prefixes these errors with <c>Worker:</c>).
/// Level weights are shares of the smooth weighted round robin across high, normal and low;
/// critical tasks are outside it and always run first.
/// </summary>
public sealed class SchedulerOptions
{
    private const string SectionName = "Scheduler";

    /// <summary>
    /// Largest weight accepted. Weights are resolved to 1e-6 and summed as integers (exact, so the
    /// round robin is deterministic and never breaks a tie by rounding noise); the cap keeps that
    /// sum far from overflow.
    /// </summary>
    public const double MaxWeight = 1_000_000;

    /// <summary>Round-robin weight of the high level. Default 0.3.</summary>
    public double HighWeight { get; init; } = 0.3;

    /// <summary>Round-robin weight of the normal level. Default 0.2.</summary>
    public double NormalWeight { get; init; } = 0.2;

    /// <summary>Round-robin weight of the low level. Default 0.1.</summary>
    public double LowWeight { get; init; } = 0.1;

    /// <summary>
    /// A level whose oldest waiting task has waited at least this long is boosted by
    /// <see cref="AgingBoost"/> until that no longer holds. Default 5 s;
    /// <see cref="TimeSpan.MaxValue"/> turns aging off.
    /// </summary>
    public TimeSpan AgingThreshold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Added to an aged level's weight (0 turns aging off). Default 0.3.</summary>
    public double AgingBoost { get; init; } = 0.3;

    /// <summary>
    /// Fair-share weight per tenant within a level. Default empty: every tenant weighs
    /// <see cref="DefaultTenantWeight"/>. A changed weight applies to tasks enqueued afterwards.
    /// </summary>
    public IReadOnlyDictionary<string, double> TenantWeights { get; init; } = new Dictionary<string, double>();

    /// <summary>Weight of tenants not in <see cref="TenantWeights"/> and of the default tenant. Default 1.</summary>
    public double DefaultTenantWeight { get; init; } = 1.0;

    /// <summary>Every broken rule, each naming its setting; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckWeight(errors, nameof(HighWeight), HighWeight);
        CheckWeight(errors, nameof(NormalWeight), NormalWeight);
        CheckWeight(errors, nameof(LowWeight), LowWeight);

        if (AgingThreshold <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{nameof(AgingThreshold)} must be > 0");
        }

        if (!(AgingBoost >= 0))
        {
            errors.Add($"{SectionName}:{nameof(AgingBoost)} must be >= 0");
        }
        else if (AgingBoost > MaxWeight)
        {
            errors.Add($"{SectionName}:{nameof(AgingBoost)} must be <= {MaxWeight}");
        }

        if (TenantWeights is null)
        {
            errors.Add($"{SectionName}:{nameof(TenantWeights)} must not be null");
        }
        else
        {
            foreach (var (tenant, weight) in TenantWeights.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                CheckWeight(errors, $"{nameof(TenantWeights)}:{tenant}", weight);
            }
        }

        CheckWeight(errors, nameof(DefaultTenantWeight), DefaultTenantWeight);
        return errors;
    }

    /// <summary>Weight of a tenant's tasks in its level's fair share.</summary>
    public double TenantWeight(string? tenant) =>
        tenant is not null && TenantWeights.TryGetValue(tenant, out var weight) ? weight : DefaultTenantWeight;

    private static void CheckWeight(List<string> errors, string name, double value)
    {
        // !(value > 0) also rejects NaN.
        if (!(value > 0))
        {
            errors.Add($"{SectionName}:{name} must be > 0");
        }
        else if (value > MaxWeight)
        {
            errors.Add($"{SectionName}:{name} must be <= {MaxWeight}");
        }
    }
}
