using System.CommandLine;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Control;

/// <summary>
/// Options of the balancing settings (balancer, config set), checked at parse time by the core's
/// own rules (BalancingOptions.Validate), so the command line and the balancer never disagree.
/// </summary>
internal static class BalancingArguments
{
    /// <summary>Strategy names as the command line and FleetConfigChanged spell them.</summary>
    public static IReadOnlyList<string> StrategyNames { get; } = [.. Enum.GetNames<BalancingStrategy>().Select(name => name.ToLowerInvariant())];

    public static Option<string?> Strategy(string description) =>
        new Option<string?>("--strategy")
        {
            Description = description,
            HelpName = string.Join('|', StrategyNames),
        }.Must(name => name is not null && StrategyNames.Contains(name, StringComparer.OrdinalIgnoreCase), $"must be one of {string.Join(", ", StrategyNames)}");

    /// <summary>
    /// A number option whose value must pass the core's rules once placed in the settings by
    /// <paramref name="place"/>; each broken rule is a usage error naming the option.
    /// </summary>
    public static Option<double> Setting(string name, string description, Func<double, BalancingOptions> place)
    {
        var option = new Option<double>(name) { Description = description };
        option.Validators.Add(result =>
        {
            double value;
            try
            {
                value = result.GetValueOrDefault<double>();
            }
            catch (InvalidOperationException)
            {
                return; // Not a number: the parser reports that already, naming the option.
            }

            foreach (var error in place(value).Validate())
            {
                result.AddError($"{name} {value} is not a valid setting: {error}");
            }
        });
        return option;
    }
}
