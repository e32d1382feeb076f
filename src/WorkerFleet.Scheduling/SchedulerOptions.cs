namespace WorkerFleet.Scheduling;

/// <summary>Settings of the worker's local scheduler (section Worker:Scheduler).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Smooth weighted round robin weight of the high level. Default 0.3.</summary>
    public double HighWeight { get; set; } = 0.3;

    /// <summary>Weight of the normal level. Default 0.2.</summary>
    public double NormalWeight { get; set; } = 0.2;

    /// <summary>Weight of the low level. Default 0.1.</summary>
    public double LowWeight { get; set; } = 0.1;

    /// <summary>A level whose oldest task waited this long is boosted. Default 5 s.</summary>
    public TimeSpan AgingThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Added to an aged level's weight while its oldest task waits past the threshold. Default 0.3.</summary>
    public double AgingBoost { get; set; } = 0.3;

    /// <summary>Fair-share weight per tenant; tenants not listed get <see cref="DefaultTenantWeight"/>.</summary>
    public IDictionary<string, double> TenantWeights { get; set; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Weight of a tenant not in <see cref="TenantWeights"/> (and of tasks without a tenant). Default 1.</summary>
    public double DefaultTenantWeight { get; set; } = 1.0;

    public double WeightOf(TaskLevel level) => level switch
    {
        TaskLevel.High => HighWeight,
        TaskLevel.Normal => NormalWeight,
        TaskLevel.Low => LowWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "critical is not weighted: it always runs first"),
    };

    public double TenantWeightOf(string? tenant) =>
        tenant is not null && TenantWeights.TryGetValue(tenant, out var weight) ? weight : DefaultTenantWeight;

    /// <summary>Every broken rule, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Require(bool holds, string error)
        {
            if (!holds)
            {
                errors.Add(error);
            }
        }

        Require(IsPositive(HighWeight), "Scheduler:HighWeight must be > 0");
        Require(IsPositive(NormalWeight), "Scheduler:NormalWeight must be > 0");
        Require(IsPositive(LowWeight), "Scheduler:LowWeight must be > 0");
        Require(AgingThreshold > TimeSpan.Zero, "Scheduler:AgingThreshold must be > 0");
        Require(AgingBoost >= 0 && double.IsFinite(AgingBoost), "Scheduler:AgingBoost must be >= 0");
        Require(IsPositive(DefaultTenantWeight), "Scheduler:DefaultTenantWeight must be > 0");
        foreach (var (tenant, weight) in TenantWeights)
        {
            Require(IsPositive(weight), $"Scheduler:TenantWeights:{tenant} must be > 0");
        }

        return errors;
    }

    private static bool IsPositive(double value) => value > 0 && double.IsFinite(value);
}
