using System.CommandLine;
using System.CommandLine.Parsing;
using System.Security.Cryptography;
using System.Text.Json;
using WorkerFleet.Cli.Workloads;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet submit</c>: publishes tasks with the SDK (confirmed), either <c>--count</c> copies of one
/// task described by options or the sleep tasks of a <c>--workload</c> file.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "Task kind (a handler name: noop, sleep, ...)", DefaultValueFactory = _ => "noop" }
            .Must(text => !string.IsNullOrWhiteSpace(text), "must not be empty");
        var level = new Option<TaskLevel>("--level")
        {
            Description = "Priority level (default normal)",
            HelpName = "critical|high|normal|low",
            CustomParser = ParseLevel,
        };
        var tenant = new Option<string?>("--tenant") { Description = "Fair-share group of the tasks" };
        var affinity = new Option<string?>("--affinity") { Description = "Affinity key (tasks with one key go to one worker); default: the task id" };
        var payload = new Option<string>("--payload") { Description = "Handler input as JSON, e.g. '{\"ms\": 20}' for sleep", DefaultValueFactory = _ => "{}" };
        payload.Validators.Add(ValidateJson);
        var count = new Option<int>("--count") { Description = "How many tasks", DefaultValueFactory = _ => 1 }.Must(n => n >= 1, "must be at least 1");
        var idPrefix = new Option<string?>("--id-prefix") { Description = "Task ids are <prefix>-1 .. <prefix>-<count> (default: 6 random hex digits)" }
            .Must(text => !string.IsNullOrWhiteSpace(text), "must not be empty");
        var deadlineMs = new Option<long>("--deadline-ms") { Description = "Deadline this many ms from now (critical tasks run earliest deadline first)" }
            .Must(ms => ms >= 0, "must not be negative");
        var costMs = new Option<double>("--cost-ms") { Description = "Estimated run time in ms (charged to the tenant's fair share)" }
            .Must(ms => ms >= 0 && double.IsFinite(ms), "must be a non-negative number");
        var workload = new Option<string?>("--workload") { Description = "Submit the sleep tasks of a workload file instead (see 'fleet workload')" };
        var queueType = CliOptions.QueueType();
        var json = CliOptions.Json();

        Option[] taskOptions = [kind, level, tenant, affinity, payload, count, idPrefix, deadlineMs, costMs];
        var command = new Command("submit", "Publish tasks (confirmed by the broker) and report the rate")
        {
            kind, level, tenant, affinity, payload, count, idPrefix, deadlineMs, costMs, workload, queueType, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(workload) is null)
            {
                return;
            }

            foreach (var option in taskOptions.Where(option => result.GetResult(option) is { Implicit: false }))
            {
                result.AddError($"--workload cannot be combined with {option.Name}: the file describes the tasks");
            }
        });

        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var clock = TimeProvider.System;
            var startTimestamp = clock.GetTimestamp();
            var start = clock.GetUtcNow();
            IReadOnlyList<ScheduledTask> tasks;
            if (parse.GetValue(workload) is { } path)
            {
                if (!WorkloadJson.TryRead(path, out var file, out var error))
                {
                    return CliOutput.UsageError($"--workload {path}: {error}");
                }

                tasks = WorkloadTasks.Schedule(file, start);
            }
            else
            {
                using var document = JsonDocument.Parse(parse.GetRequiredValue(payload));
                var template = new FleetTask
                {
                    Id = string.Empty,
                    Kind = parse.GetRequiredValue(kind),
                    Level = parse.GetGiven(level) ?? TaskLevel.Normal,
                    Tenant = parse.GetValue(tenant),
                    AffinityKey = parse.GetValue(affinity),
                    Deadline = parse.GetGiven(deadlineMs) is { } ms ? start.AddMilliseconds(ms) : null,
                    CostMs = parse.GetGiven(costMs),
                    Payload = document.RootElement.Clone(),
                };
                var prefix = parse.GetValue(idPrefix) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
                tasks = [.. Enumerable.Range(1, parse.GetValue(count)).Select(n => new ScheduledTask(template with { Id = $"{prefix}-{n}" }, 0))];
            }

            await SubmitAsync(tasks, CliOptions.ToQueueType(parse.GetValue(queueType)), startTimestamp, parse.GetValue(json), clock, ct);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static TaskLevel ParseLevel(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (!TaskLevels.TryParse(text, out var level))
        {
            result.AddError($"--level must be one of critical, high, normal, low (got '{text}')");
        }

        return level;
    }

    private static void ValidateJson(OptionResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.GetValueOrDefault<string>() ?? string.Empty);
        }
        catch (JsonException ex)
        {
            result.AddError($"--payload is not valid JSON: {ex.Message}");
        }
    }

    private static async Task SubmitAsync(IReadOnlyList<ScheduledTask> tasks, FleetQueueType queueType, long startTimestamp,
        bool json, TimeProvider clock, CancellationToken ct)
    {
        await using var client = await FleetClient.ConnectAsync(FleetConnections.FromEnvironment(), queueType, clock, ct);
        var submission = new TimedSubmission(client, clock);
        var publishing = clock.GetTimestamp();
        await using (new ProgressTicker(() => Describe(submission.Confirmed, tasks.Count, clock.GetElapsedTime(publishing).TotalSeconds), clock))
        {
            await submission.RunAsync(tasks, startTimestamp, ct);
        }

        var seconds = clock.GetElapsedTime(publishing).TotalSeconds;
        var rate = seconds > 0 ? tasks.Count / seconds : 0;
        string? firstId = tasks.Count > 0 ? tasks[0].Task.Id : null;
        string? lastId = tasks.Count > 0 ? tasks[^1].Task.Id : null;
        if (json)
        {
            CliOutput.WriteJson(new { submitted = tasks.Count, seconds = CliOutput.Round(seconds), ratePerSecond = CliOutput.Round(rate, 1), firstId, lastId });
        }
        else
        {
            Console.WriteLine($"{Describe(tasks.Count, tasks.Count, seconds)}; ids {firstId} .. {lastId}");
        }
    }

    private static string Describe(int submitted, int total, double seconds) =>
        $"submitted {submitted}/{total} in {seconds:F2} s ({(seconds > 0 ? submitted / seconds : 0):F0}/s)";
}
