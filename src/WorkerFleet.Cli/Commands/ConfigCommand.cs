using System.CommandLine;
using WorkerFleet.Cli.Control;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling.Balancing;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet config set|show</c>: changes the balancing settings at run time (ChangeFleetConfig) or
/// shows them. Either way the answer is the active balancer's FleetConfigChanged, which it
/// publishes after each change and every balance interval while it hears workers.
/// </summary>
internal static class ConfigCommand
{
    /// <summary>Longest pair cooldown accepted; longer would keep a pair apart for good.</summary>
    private static readonly double MaxPairCooldownMs = TimeSpan.FromDays(1).TotalMilliseconds;

    public static Command Create() => new("config", "Change or show the balancing settings in force (the active balancer answers)")
    {
        CreateSet(), CreateShow(),
    };

    private static Command CreateSet()
    {
        var strategy = BalancingArguments.Strategy("Balancing strategy");
        var threshold = BalancingArguments.Setting("--steal-threshold-ms", "A worker is only stolen from while its expected drain exceeds this",
            ms => new BalancingOptions { StealThresholdMs = ms });
        var tolerance = BalancingArguments.Setting("--tolerance", "Relative band around the mean load, in [0, 1)",
            fraction => new BalancingOptions { Tolerance = fraction });
        var cooldown = BalancingArguments.Setting("--pair-cooldown-ms", "The planner leaves a pair of workers alone this long after a migration",
            ms => new BalancingOptions { PairCooldown = double.IsFinite(ms) && Math.Abs(ms) <= MaxPairCooldownMs ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero })
            .Must(ms => double.IsFinite(ms) && ms <= MaxPairCooldownMs, $"must be a number of milliseconds up to {MaxPairCooldownMs} (a day)");
        var agingBoost = BalancingArguments.Setting("--aging-boost", "Aging boost of the workers' local schedulers",
            boost => new BalancingOptions { AgingBoost = boost });
        var json = CliOptions.Json();
        var timeout = Timeout("Longest wait for the balancer to confirm the change");

        Option[] settings = [strategy, threshold, tolerance, cooldown, agingBoost];
        var command = new Command("set", "Change balancing settings on every balancer and worker, then print the settings in force")
        {
            strategy, threshold, tolerance, cooldown, agingBoost, json, timeout,
        };
        command.Validators.Add(result =>
        {
            if (!settings.Any(option => result.GetResult(option) is not null))
            {
                result.AddError($"give at least one setting to change: {string.Join(", ", settings.Select(option => option.Name))}");
            }
        });
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var change = new ChangeFleetConfig
            {
                Strategy = parse.GetValue(strategy)?.ToLowerInvariant(),
                StealThresholdMs = parse.GetGiven(threshold),
                Tolerance = parse.GetGiven(tolerance),
                PairCooldownMs = parse.GetGiven(cooldown),
                AgingBoost = parse.GetGiven(agingBoost),
            };
            var wait = TimeSpan.FromMilliseconds(parse.GetValue(timeout));
            await using var client = await FleetConfigClient.StartAsync(FleetConnections.FromEnvironment(), ct);
            return Print(await client.ChangeAsync(change, wait, TimeProvider.System, ct), parse.GetValue(json), wait, "confirmed the change");
        }));
        return command;
    }

    private static Command CreateShow()
    {
        var json = CliOptions.Json();
        var timeout = Timeout("Longest wait for the balancer's next announcement (it sends one every balance interval while it hears workers)");
        var command = new Command("show", "Wait for the active balancer's next announcement and print the settings in force")
        {
            json, timeout,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var wait = TimeSpan.FromMilliseconds(parse.GetValue(timeout));
            await using var client = await FleetConfigClient.StartAsync(FleetConnections.FromEnvironment(), ct);
            return Print(await client.ShowAsync(wait, TimeProvider.System, ct), parse.GetValue(json), wait, "announced its settings");
        }));
        return command;
    }

    private static Option<int> Timeout(string description) =>
        new Option<int>("--timeout-ms") { Description = description, DefaultValueFactory = _ => 5000 }.Must(ms => ms >= 1, "must be at least 1");

    private static int Print(FleetConfigChanged? config, bool json, TimeSpan waited, string what)
    {
        if (config is null)
        {
            return CliOutput.Fail($"no balancer {what} within {waited.TotalMilliseconds:0} ms on "
                + $"{CliOutput.Describe(FleetConnections.FromEnvironment())}: is 'fleet balancer' running?");
        }

        if (json)
        {
            CliOutput.WriteJson(config);
        }
        else
        {
            Console.WriteLine($"balancer: {ConfigView.Describe(config)}");
        }

        return ExitCodes.Ok;
    }
}
