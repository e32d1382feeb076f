using System.Text.Json;
using System.Text.Json.Nodes;
using WorkerFleet.Cli.Control;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Status;

/// <summary>Prints what the status command saw: a table of workers, the balancer's settings and the shared queues' counts.</summary>
internal static class StatusView
{
    public static void WriteJson(StatusSnapshot seen) => CliOutput.WriteJson(ToJson(seen));

    /// <summary>The --json shape (also the MCP status tool's answer).</summary>
    public static object ToJson(StatusSnapshot seen)
    {
        // Every heartbeat field as the contract names it, so the output follows the contract's changes.
        var list = new JsonArray();
        foreach (var (heartbeat, secondsAgo) in seen.Workers)
        {
            var worker = JsonSerializer.SerializeToNode(heartbeat, CliOutput.Json)!.AsObject();
            worker["lastSeenSecondsAgo"] = CliOutput.Round(secondsAgo, 1);
            list.Add(worker);
        }

        return new { workers = list, config = seen.Config, unrouted = seen.Unrouted, dead = seen.Dead, listenedMs = seen.ListenedMs };
    }

    public static void WriteText(StatusSnapshot seen)
    {
        if (seen.Workers.Count == 0)
        {
            Console.WriteLine($"no worker heard in {seen.ListenedMs} ms");
        }
        else
        {
            var table = new TextTable("worker", "state", "slots", "busy", "held", "ready c/h/n/l", "completed", "dead", "stolen", "ewma ms",
                "seen s ago", "open breakers");
            foreach (var (beat, secondsAgo) in seen.Workers)
            {
                var ready = string.Join('/', TaskLevels.All.Select(level =>
                    beat.ReadyByLevel.TryGetValue(level.ToWireName(), out var count) ? $"{count}" : "-"));
                var breakers = beat.OpenBreakers.Count == 0 ? "-" : string.Join(',', beat.OpenBreakers);
                table.Add(beat.WorkerId, beat.State, $"{beat.Slots}", $"{beat.BusySlots}", $"{beat.HeldLocally}", ready,
                    $"{beat.Completed}", $"{beat.DeadLettered.Values.Sum()}", $"{beat.Stolen}", $"{beat.EwmaServiceMs:F1}", $"{secondsAgo:F1}", breakers);
            }

            table.WriteTo(Console.Out);
        }

        Console.WriteLine(seen.Config is { } config
            ? $"balancer: {ConfigView.Describe(config)}"
            : $"balancer: none heard in {seen.ListenedMs} ms (it announces its settings every balance interval while it hears workers)");
        var fallback = string.Join(", ", seen.Unrouted.Select(pair => $"{pair.Key} {Show(pair.Value)}"));
        Console.WriteLine($"unrouted (fallback queues): {fallback}; dead-lettered: {Show(seen.Dead)}");
    }

    /// <summary>A missing queue (never declared) reads as "-".</summary>
    private static string Show(long? count) => count is { } n ? $"{n}" : "-";
}
