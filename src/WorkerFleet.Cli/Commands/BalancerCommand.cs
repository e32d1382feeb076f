using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkerFleet.Cli.Control;
using WorkerFleet.Messaging;
using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Planning.Optimal;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet balancer</c>: runs a balancer in the foreground until SIGTERM or Ctrl-C. The options
/// override the "Balancer" configuration section only when given, so Balancer__X environment
/// variables still set the rest; the options validator checks the result (rules across fields
/// included) and a broken rule ends the command with exit code 1.
/// </summary>
internal static class BalancerCommand
{
    public static Command Create()
    {
        var strategy = BalancingArguments.Strategy("Balancing strategy at start (default adaptive); 'fleet config set' changes it at run time");
        var heartbeatMs = new Option<int>("--heartbeat-interval-ms")
        {
            Description = "The workers' heartbeat interval; silence is measured in it (default 1000)",
        }.Must(ms => ms >= 1, "must be at least 1");
        var balanceMs = new Option<int>("--balance-interval-ms")
        {
            Description = "The planner runs at most once per interval, >= 2 x the heartbeat interval (default 2000)",
        }.Must(ms => ms >= 1, "must be at least 1");

        var metricsPort = CliOptions.MetricsPort();
        var command = new Command("balancer", "Run a balancer in the foreground until SIGTERM or Ctrl-C (one of several is active)")
        {
            strategy, heartbeatMs, balanceMs, metricsPort,
        };
        command.SetAction(FleetAction.Guard((parse, _) =>
        {
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(strategy) is { } name)
            {
                settings[$"{BalancerOptions.Section}:{nameof(BalancerOptions.Balancing)}:Strategy"] = name.ToLowerInvariant();
            }

            Override(settings, nameof(BalancerOptions.HeartbeatInterval), parse.GetGiven(heartbeatMs));
            Override(settings, nameof(BalancerOptions.BalanceInterval), parse.GetGiven(balanceMs));
            parse.OverrideMetricsPort(metricsPort, settings);
            return RunAsync(settings);
        }));
        return command;
    }

    private static void Override(Dictionary<string, string?> settings, string name, int? milliseconds)
    {
        if (milliseconds is { } ms)
        {
            settings[$"{BalancerOptions.Section}:{name}"] = TimeSpan.FromMilliseconds(ms).ToString("c", CultureInfo.InvariantCulture);
        }
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> settings)
    {
        // No args: the command line is this command's, not configuration.
        var builder = FleetHost.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddFleetConsole(LogLevel.Information);
        builder.Services.AddFleetBalancer(builder.Configuration);
        builder.Services.AddSingleton<AllocationSolverFactory>(options => new CpSatAllocationSolver(options));
        using var host = builder.Build();

        // Validated before the host starts: a bad setting ends with the validator's messages (exit
        // code 1, FleetAction), not with the host's start-up failure and its stack trace.
        _ = host.Services.GetRequiredService<IOptions<BalancerOptions>>().Value;

        // The host's lifetime owns SIGTERM and Ctrl-C: they stop it gracefully (the bus releases the
        // single-active-consumer queue, so a standby takes over at once).
        await host.RunAsync();
        return ExitCodes.Ok;
    }
}
