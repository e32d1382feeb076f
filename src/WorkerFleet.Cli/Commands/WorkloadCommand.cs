using System.CommandLine;
using WorkerFleet.Cli.Workloads;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Commands;

/// <summary><c>fleet workload</c>: writes a reproducible workload file for <c>fleet submit --workload</c>.</summary>
internal static class WorkloadCommand
{
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "Workload shape: mixed (levels, tenants, a hot key, 5-60 ms tasks)",
            DefaultValueFactory = _ => WorkloadGenerator.MixedScenario,
        }.Must(name => name == WorkloadGenerator.MixedScenario, $"must be {WorkloadGenerator.MixedScenario}");
        var count = new Option<int>("--count") { Description = "Number of tasks", Required = true }.Must(n => n >= 1, "must be at least 1");
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same file", DefaultValueFactory = _ => 42 };
        var workersHint = new Option<int>("--workers-hint")
        {
            Description = "Workers the demo runs; recorded in the file and used for the work-per-worker estimate",
            DefaultValueFactory = _ => 3,
        }.Must(n => n >= 1, "must be at least 1");
        var output = new Option<string>("--out") { Description = "File to write", Required = true };
        var json = CliOptions.Json();

        var command = new Command("workload", "Write a workload file for 'fleet submit --workload'")
        {
            scenario, count, seed, workersHint, output, json,
        };
        command.SetAction(FleetAction.Guard((parse, _) =>
        {
            var path = parse.GetRequiredValue(output);
            var workload = WorkloadGenerator.Mixed(parse.GetValue(count), parse.GetValue(seed), parse.GetValue(workersHint));
            try
            {
                WorkloadJson.Write(workload, path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Task.FromResult(CliOutput.UsageError($"--out {path}: {ex.Message}"));
            }

            Print(workload, path, parse.GetValue(json));
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static void Print(WorkloadFile workload, string path, bool json)
    {
        var workers = workload.WorkersHint ?? 1;
        var workSeconds = workload.Tasks.Sum(task => task.DurationMs) / 1000;
        var perLevel = TaskLevels.All.Select(level => level.ToWireName())
            .ToDictionary(level => level, level => workload.Tasks.Count(task => task.Level == level));
        var hot = workload.Tasks.Count(task => task.Key == WorkloadGenerator.HotKey);
        if (json)
        {
            CliOutput.WriteJson(new
            {
                @out = path,
                scenario = workload.Scenario,
                seed = workload.Seed,
                count = workload.Tasks.Count,
                perLevel,
                hotKeyTasks = hot,
                workSeconds = CliOutput.Round(workSeconds),
                workSecondsPerWorker = CliOutput.Round(workSeconds / workers),
            });
            return;
        }

        Console.WriteLine($"wrote {workload.Tasks.Count} tasks ({workload.Scenario}, seed {workload.Seed}) to {path}");
        Console.WriteLine($"  levels: {string.Join(", ", perLevel.Select(pair => $"{pair.Key} {pair.Value}"))}");
        Console.WriteLine($"  on hot key '{WorkloadGenerator.HotKey}': {hot}");
        Console.WriteLine($"  work: {workSeconds:F1} s in all, {workSeconds / workers:F1} s per worker for {workers} workers (divide by slots)");
    }
}
