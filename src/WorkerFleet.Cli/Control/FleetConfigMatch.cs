using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Control;

/// <summary>Whether an announcement of the settings in force shows a requested change as applied.</summary>
public static class FleetConfigMatch
{
    /// <summary>
    /// True when every field the change sets has that value in <paramref name="config"/> (fields
    /// the change leaves null match anything). Numbers match within rounding: the balancer keeps the
    /// pair cooldown as a TimeSpan (whole 100 ns ticks), and JSON may print a double's last digit
    /// differently.
    /// </summary>
    public static bool Shows(this FleetConfigChanged config, ChangeFleetConfig change) =>
        (change.Strategy is not { } strategy || string.Equals(strategy, config.Strategy, StringComparison.OrdinalIgnoreCase))
        && Same(change.StealThresholdMs, config.StealThresholdMs)
        && Same(change.Tolerance, config.Tolerance)
        && Same(change.PairCooldownMs is { } ms ? TimeSpan.FromMilliseconds(ms).TotalMilliseconds : null, config.PairCooldownMs)
        && Same(change.AgingBoost, config.AgingBoost);

    private static bool Same(double? wanted, double actual) =>
        wanted is not { } value || Math.Abs(value - actual) <= 1e-9 * Math.Max(1, Math.Abs(value));
}
