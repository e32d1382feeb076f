using System.CommandLine;
using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Workloads;
using WorkerFleet.Runtime;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet bench</c>: runs a scenario end to end on the real broker once per strategy (each on a
/// fresh vhost, with worker and balancer processes of its own) and reports numbers computed from
/// the workers' journals, side by side. See docs/benchmarks.md.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var names = string.Join("|", ScenarioCatalog.Names);
        var scenario = new Option<string>("--scenario") { Description = "What to measure (docs/benchmarks.md)", HelpName = names, Required = true }
            .Must(name => ScenarioCatalog.Find(name) is not null, $"must be one of {names}");
        var workload = new Option<string?>("--workload") { Description = "Run the tasks of this workload file instead of the scenario's own" };
        var writeWorkload = new Option<string?>("--write-workload") { Description = "Write the scenario's workload to this file and exit" };
        var workers = new Option<int>("--workers") { Description = "Workers (default: the scenario's)" }.Must(n => n >= 1, "must be at least 1");
        var slots = new Option<int>("--slots") { Description = "Slots per worker (default: the scenario's)" }.Must(n => n is >= 1 and <= 1024, "must be between 1 and 1024");
        var ringWeight = new Option<int>("--ring-weight") { Description = "Every worker's points on the hash ring (default: slots x speed)" }.Must(n => n is >= 1 and <= WorkerOptions.MaxRingWeight, $"must be between 1 and {WorkerOptions.MaxRingWeight}");
        var strategy = new Option<string>("--strategy")
        {
            Description = $"Strategies to compare: all ({string.Join(", ", BenchStrategies.All)}), one of {string.Join(", ", BenchStrategies.Known)}, or a comma-separated list",
            HelpName = "S|all",
            DefaultValueFactory = _ => "all",
        }.Must(text => BenchStrategies.Parse(text) is not null, $"must be all, or names among {string.Join(", ", BenchStrategies.Known)}");
        var json = new Option<bool>("--json") { Description = "Print one JSON object (snake_case) per line, per strategy" };
        var output = new Option<string?>("--out") { Description = "Folder for PNG plots, the results as JSON lines and the journals" };
        var command = new Command("bench", "Run a scenario once per strategy on the real broker and compare the results")
        {
            scenario, workload, writeWorkload, workers, slots, ringWeight, strategy, json, output,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var chosen = ScenarioCatalog.Find(parse.GetRequiredValue(scenario))!;
            WorkloadFile tasks;
            if (parse.GetValue(workload) is { } path)
            {
                if (!WorkloadJson.TryRead(path, out var file, out var error))
                {
                    return CliOutput.UsageError($"--workload {path}: {error}");
                }

                tasks = file;
            }
            else
            {
                tasks = chosen.Generate();
            }

            if (parse.GetValue(writeWorkload) is { } target)
            {
                return WriteWorkload(tasks, target);
            }

            var workerCount = parse.GetGiven(workers) ?? chosen.Workers;
            if (workerCount < chosen.MinWorkers)
            {
                return CliOutput.UsageError($"--workers must be at least {chosen.MinWorkers} for {chosen.Name} (got {workerCount})");
            }

            var fleet = chosen.Fleet(workerCount, parse.GetGiven(slots) ?? chosen.Slots, parse.GetGiven(ringWeight));
            var bench = new BenchSession(chosen, fleet, tasks, parse.GetValue(output), parse.GetValue(json));
            try
            {
                await bench.RunAsync(BenchStrategies.Parse(parse.GetRequiredValue(strategy))!, FleetConnections.FromEnvironment(), ct);
            }
            catch (BenchFailedException ex)
            {
                return CliOutput.Fail(ex.Message);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int WriteWorkload(WorkloadFile workload, string path)
    {
        try
        {
            WorkloadJson.Write(workload, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CliOutput.UsageError($"--write-workload {path}: {ex.Message}");
        }

        Console.WriteLine($"wrote {workload.Tasks.Count} tasks ({workload.Scenario ?? "workload"}) to {path}");
        return ExitCodes.Ok;
    }
}
