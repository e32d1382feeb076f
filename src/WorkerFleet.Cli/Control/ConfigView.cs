using System.Globalization;
using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Control;

/// <summary>The settings in force as one line of text (the JSON form is the contract itself).</summary>
public static class ConfigView
{
    public static string Describe(FleetConfigChanged config) => string.Create(CultureInfo.InvariantCulture,
        $"strategy {config.Strategy}, steal threshold {config.StealThresholdMs:0.###} ms, tolerance {config.Tolerance:0.###}, "
        + $"pair cooldown {config.PairCooldownMs:0.###} ms, aging boost {config.AgingBoost:0.###}");
}
