using System.Text.Json;
using System.Text.Json.Nodes;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Status;

/// <summary>Prints what the status command saw: a table of workers and the shared queues' counts.</summary>
internal static class StatusView
{
    public static void WriteJson(IReadOnlyList<(WorkerHeartbeat Heartbeat, double SecondsAgo)> workers,
        IReadOnlyDictionary<string, long?> unrouted, long? dead, int listenedMs)
    {
        // Every heartbeat field as the contract names it, so the output follows the contract's changes.
        var list = new JsonArray();
        foreach (var (heartbeat, secondsAgo) in workers)
        {
            var worker = JsonSerializer.SerializeToNode(heartbeat, CliOutput.Json)!.AsObject();
            worker["lastSeenSecondsAgo"] = CliOutput.Round(secondsAgo, 1);
            list.Add(worker);
        }

        CliOutput.WriteJson(new { workers = list, unrouted, dead, listenedMs });
    }

    public static void WriteText(IReadOnlyList<(WorkerHeartbeat Heartbeat, double SecondsAgo)> workers,
        IReadOnlyDictionary<string, long?> unrouted, long? dead, int listenedMs)
    {
        if (workers.Count == 0)
        {
            Console.WriteLine($"no worker heard in {listenedMs} ms");
        }
        else
        {
            var table = new TextTable("worker", "state", "slots", "busy", "held", "ready c/h/n/l", "completed", "dead", "ewma ms", "seen s ago");
            foreach (var (beat, secondsAgo) in workers)
            {
                var ready = string.Join('/', TaskLevels.All.Select(level =>
                    beat.ReadyByLevel.TryGetValue(level.ToWireName(), out var count) ? $"{count}" : "-"));
                table.Add(beat.WorkerId, beat.State, $"{beat.Slots}", $"{beat.BusySlots}", $"{beat.HeldLocally}", ready,
                    $"{beat.Completed}", $"{beat.DeadLettered.Values.Sum()}", $"{beat.EwmaServiceMs:F1}", $"{secondsAgo:F1}");
            }

            table.WriteTo(Console.Out);
        }

        var fallback = string.Join(", ", unrouted.Select(pair => $"{pair.Key} {Show(pair.Value)}"));
        Console.WriteLine($"unrouted (fallback queues): {fallback}; dead-lettered: {Show(dead)}");
    }

    /// <summary>A missing queue (never declared) reads as "-".</summary>
    private static string Show(long? count) => count is { } n ? $"{n}" : "-";
}
