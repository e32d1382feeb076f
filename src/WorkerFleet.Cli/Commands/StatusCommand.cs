using System.CommandLine;
using WorkerFleet.Cli.Status;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet status</c>: listens to the workers' heartbeats and the balancer's announcements of its
/// settings for a while and reads the fallback and dead-letter queues, then prints what it learned.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var listenMs = new Option<int>("--listen-ms")
        {
            Description = "How long to listen for heartbeats (workers send one a second by default) and the balancer's settings",
            DefaultValueFactory = _ => 2500,
        }.Must(ms => ms >= 0, "must not be negative");
        var json = CliOptions.Json();
        var command = new Command("status", "Show the workers (from their heartbeats), the balancer's settings, and the fallback and dead-letter queues")
        {
            listenMs, json,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var seen = await StatusReader.ReadAsync(FleetConnections.FromEnvironment(), TimeSpan.FromMilliseconds(parse.GetValue(listenMs)),
                TimeProvider.System, ct);
            if (parse.GetValue(json))
            {
                StatusView.WriteJson(seen);
            }
            else
            {
                StatusView.WriteText(seen);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
