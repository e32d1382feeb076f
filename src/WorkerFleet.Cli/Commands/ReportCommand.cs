using System.CommandLine;
using WorkerFleet.Cli.Reports;
using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet report</c>: summarises the workers' journals; with <c>--expect N</c> it first waits
/// until N distinct tasks are settled (or the timeout passes, exit code 1).
/// </summary>
internal static class ReportCommand
{
    /// <summary>How often the journals are read again while waiting.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var journalDir = new Option<string>("--journal-dir") { Description = "Folder of the workers' journals (*.jsonl)", Required = true }
            .Must(Directory.Exists, "must be an existing folder");
        var expect = new Option<int>("--expect") { Description = "Wait until this many distinct tasks are settled" }
            .Must(n => n >= 1, "must be at least 1");
        var timeout = new Option<int>("--timeout-s") { Description = "Longest wait for --expect, in seconds", DefaultValueFactory = _ => 300 }
            .Must(s => s >= 1, "must be at least 1");
        var json = CliOptions.Json();
        var command = new Command("report", "Summarise the workers' journals: outcomes, waits per level, per worker and tenant")
        {
            journalDir, expect, timeout, json,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var clock = TimeProvider.System;
            var reader = new JournalReader(parse.GetRequiredValue(journalDir));
            var records = reader.ReadNew();
            var missing = parse.GetGiven(expect) is { } expected
                ? await WaitForAsync(reader, records, expected, TimeSpan.FromSeconds(parse.GetValue(timeout)), clock, ct)
                : 0;

            var summary = JournalSummary.From(records);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(summary);
            }
            else
            {
                ReportView.WriteText(summary, Console.Out);
            }

            if (reader.SkippedLines > 0)
            {
                await Console.Error.WriteLineAsync($"fleet: skipped {reader.SkippedLines} journal lines that are not records");
            }

            return missing == 0
                ? ExitCodes.Ok
                : CliOutput.Fail($"timed out after {parse.GetValue(timeout)} s: {missing} of {parse.GetValue(expect)} expected tasks not settled");
        }));
        return command;
    }

    /// <summary>Reads new records into <paramref name="records"/> until enough tasks are settled; returns how many are missing.</summary>
    private static async Task<int> WaitForAsync(JournalReader reader, List<ExecutionRecord> records, int expected, TimeSpan timeout,
        TimeProvider clock, CancellationToken ct)
    {
        var ids = new HashSet<string>(records.Select(record => record.TaskId), StringComparer.Ordinal);
        var settledAtStart = ids.Count;
        var settled = ids.Count;
        var start = clock.GetTimestamp();
        await using (new ProgressTicker(() => $"settled {settled}/{expected}, rate {Rate(settled - settledAtStart, clock.GetElapsedTime(start)):F0}/s", clock))
        {
            while (ids.Count < expected && clock.GetElapsedTime(start) < timeout)
            {
                await Task.Delay(PollInterval, clock, ct);
                foreach (var record in reader.ReadNew())
                {
                    records.Add(record);
                    ids.Add(record.TaskId);
                }

                settled = ids.Count;
            }
        }

        return Math.Max(0, expected - ids.Count);
    }

    private static double Rate(int count, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? count / elapsed.TotalSeconds : 0;
}
