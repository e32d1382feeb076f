using System.CommandLine;
using WorkerFleet.Cli.Control;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet dead list|replay</c>: what is in the dead-letter queue and why, and sending tasks back to
/// the fleet once their cause is fixed (the Hangfire "retry" of a failed job).
/// </summary>
internal static class DeadCommand
{
    public static Command Create() => new("dead", "Inspect the dead-letter queue (fleet.dead) and replay its tasks")
    {
        CreateList(), CreateReplay(),
    };

    private static Command CreateList()
    {
        var max = Max("How many to show, oldest first", 20);
        var json = CliOptions.Json();
        var command = new Command("list", "Show dead letters with their reason, worker and attempts; they stay in the queue")
        {
            max, json,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var letters = await DeadLetters.PeekAsync(FleetConnections.FromEnvironment(), parse.GetValue(max), ct);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { deadLetters = letters });
                return ExitCodes.Ok;
            }

            if (letters.Count == 0)
            {
                Console.WriteLine("no dead letters");
                return ExitCodes.Ok;
            }

            var table = new TextTable("task", "reason", "kind", "level", "worker", "attempts", "replayed", "detail");
            foreach (var letter in letters)
            {
                table.Add(letter.TaskId ?? "-", letter.Reason ?? "-", letter.Kind ?? "-", letter.Level ?? "-", letter.Worker ?? "-",
                    $"{letter.Attempts}", $"{letter.Replayed}", letter.Detail ?? string.Empty);
            }

            table.WriteTo(Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateReplay()
    {
        var reasons = new Option<string[]>("--reason") { Description = "Replay only dead letters with this reason (repeatable); default: every reason" };
        var ids = new Option<string[]>("--id") { Description = "Replay only this task id (repeatable)" };
        var max = Max("Most to replay", int.MaxValue);
        var json = CliOptions.Json();
        var command = new Command("replay", "Send dead letters back through fleet.tasks (confirmed, then removed); the rest stay")
        {
            reasons, ids, max, json,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var filter = DeadLetters.Filter(parse.GetValue(reasons) ?? [], parse.GetValue(ids) ?? []);
            var shown = 0;
            int replayed;
            await using (new ProgressTicker(() => $"replayed {Volatile.Read(ref shown)}", TimeProvider.System))
            {
                replayed = await DeadLetters.ReplayAsync(FleetConnections.FromEnvironment(), filter, parse.GetValue(max),
                    new Progress<int>(count => Volatile.Write(ref shown, count)), ct);
            }

            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { replayed });
            }
            else
            {
                Console.WriteLine($"replayed {replayed}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<int> Max(string description, int defaultValue) =>
        new Option<int>("--max") { Description = description, DefaultValueFactory = _ => defaultValue }.Must(n => n >= 1, "must be at least 1");
}
