using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkerFleet.Messaging;
using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet worker</c>: runs a worker in the foreground until SIGTERM or Ctrl-C, then drains.
/// The options override the "Worker" configuration section only when given, so Worker__X
/// environment variables still set the rest; the options validator checks the result.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var id = new Option<string?>("--id") { Description = "Worker id; names its queues fleet.w.<id>.<level> (default: Worker__Id or the host name)" };
        var slots = new Option<int>("--slots") { Description = "Tasks run at once (default 4)" };
        var speed = new Option<double>("--speed") { Description = "Relative speed; the sleep handler divides its duration by it (default 1)" };
        var ringWeight = new Option<int>("--ring-weight") { Description = "Points its queues take on the hash ring; only ratios between workers matter (default: slots x speed)" };
        var journal = new Option<string?>("--journal") { Description = "Append one JSON line per settled task to this file (read by 'fleet report')" };
        var queueType = CliOptions.QueueType();
        var metricsPort = CliOptions.MetricsPort();

        var command = new Command("worker", "Run a worker in the foreground until SIGTERM or Ctrl-C (it drains gracefully)")
        {
            id, slots, speed, ringWeight, journal, queueType, metricsPort,
        };
        command.SetAction(FleetAction.Guard((parse, _) =>
        {
            var settings = new Dictionary<string, string?>();
            Override(settings, "Id", parse.GetValue(id));
            Override(settings, "Slots", parse.GetGiven(slots));
            Override(settings, "Speed", parse.GetGiven(speed));
            Override(settings, "RingWeight", parse.GetGiven(ringWeight));
            Override(settings, "JournalPath", parse.GetValue(journal));
            Override(settings, "QueueType", parse.GetValue(queueType));
            parse.OverrideMetricsPort(metricsPort, settings);
            return RunAsync(settings);
        }));
        return command;
    }

    private static void Override(Dictionary<string, string?> settings, string name, object? value)
    {
        if (value is not null)
        {
            settings[$"{WorkerOptions.Section}:{name}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> settings)
    {
        // No args: the command line is this command's, not configuration.
        var builder = FleetHost.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddFleetConsole(LogLevel.Information);
        builder.Services.AddFleetWorker(builder.Configuration);
        using var host = builder.Build();

        // The host's lifetime owns SIGTERM and Ctrl-C: they stop it gracefully, and RunAsync returns after the drain.
        await host.RunAsync();
        return ExitCodes.Ok;
    }
}
