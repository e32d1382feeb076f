using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>The balancing settings in force: from configuration at start, then changed by ChangeFleetConfig.</summary>
public sealed class BalancingSettings(IOptions<BalancerOptions> options)
{
    private BalancingOptions _current = options.Value.Balancing;

    public BalancingOptions Current => Volatile.Read(ref _current);

    /// <summary>Applies a change; returns the errors (naming settings) and leaves the settings alone if any.</summary>
    public IReadOnlyList<string> Apply(ChangeFleetConfig change)
    {
        var current = Current;
        var strategy = current.Strategy;
        if (change.Strategy is { } name && !Enum.TryParse(name, ignoreCase: true, out strategy))
        {
            return [$"Strategy '{name}' is not one of {string.Join(", ", Enum.GetNames<BalancingStrategy>())}"];
        }

        var next = new BalancingOptions
        {
            Strategy = strategy,
            StealThresholdMs = change.StealThresholdMs ?? current.StealThresholdMs,
            Tolerance = change.Tolerance ?? current.Tolerance,
            PairCooldown = change.PairCooldownMs is { } ms ? TimeSpan.FromMilliseconds(ms) : current.PairCooldown,
            MaxMigrationsPerPlan = current.MaxMigrationsPerPlan,
            DefaultServiceMs = current.DefaultServiceMs,
            AgingBoost = change.AgingBoost ?? current.AgingBoost,
        };
        var errors = next.Validate();
        if (errors.Count == 0)
        {
            Volatile.Write(ref _current, next);
        }

        return errors;
    }

    public FleetConfigChanged Describe(DateTimeOffset now)
    {
        var current = Current;
        return new FleetConfigChanged
        {
            Strategy = current.Strategy.ToString().ToLowerInvariant(),
            StealThresholdMs = current.StealThresholdMs,
            Tolerance = current.Tolerance,
            PairCooldownMs = current.PairCooldown.TotalMilliseconds,
            AgingBoost = current.AgingBoost,
            ChangedAt = now,
        };
    }
}
