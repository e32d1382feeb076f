using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Simulation;
using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet simulate</c>: runs a bench scenario (or a workload file) on a simulated fleet, on a
/// virtual clock, once per strategy, and reports the bench's numbers. No broker.
/// </summary>
internal static class SimulateCommand
{
    // Below this many tasks a run takes well under a second: no progress line.
    private const int ProgressFromTasks = 100_000;

    public static Command Create()
    {
        var names = string.Join("|", SimulationScenarios.Names);
        var scenario = new Option<string>("--scenario") { Description = "Bench scenario to simulate (its fleet and workload)", HelpName = names, DefaultValueFactory = _ => "skew" }
            .Must(name => SimulationScenarios.Find(name) is not null, $"must be one of {names}");
        var workload = new Option<string?>("--workload") { Description = "Simulate the tasks of this workload file (on the scenario's fleet)" };
        var workers = new Option<int>("--workers") { Description = "Workers (default: the scenario's)" }.Must(n => n is >= 1 and <= 1_000_000, "must be between 1 and 1000000");
        var slots = new Option<int>("--slots") { Description = "Slots per worker (default: the scenario's)" }.Must(n => n is >= 1 and <= 1024, "must be between 1 and 1024");
        var tasks = new Option<int>("--tasks") { Description = "Tasks: the scenario's generator at this size, or the first N of the workload file" }
            .Must(n => n >= 1, "must be at least 1");
        var strategy = new Option<string>("--strategy") { Description = "Comma-separated none, shared, steal, adaptive, or all (the four, as fleet bench)", HelpName = "none,shared,steal,adaptive|all", DefaultValueFactory = _ => "all" }
            .Must(text => SimulationStrategies.Parse(text) is not null, "must be all or a list of none, shared, steal, adaptive");
        var seed = new Option<int>("--seed") { Description = "Salt of what differs between real runs: key owners, consumer order, heartbeat phases; default 0" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (snake_case, as fleet bench) per line, per strategy" };
        var calibrate = new Option<string[]>("--calibrate")
        {
            Description = "Instead of simulating, measure the model's costs from these fleet bench --out folders' journals and print them",
            AllowMultipleArgumentsPerToken = true,
        }.Must(dirs => dirs.All(dir => Directory.Exists(Path.Combine(dir, "journals"))), "each must be a fleet bench --out folder (with journals/)");
        var ownersFrom = new Option<string?>("--owners-from")
        {
            Description = "Route each affinity key to the worker that owned it in this fleet bench --out folder's run of the scenario (its journals), instead of the simulated hash ring",
            HelpName = "dir",
        }.Must(dir => dir is null || Directory.Exists(Path.Combine(dir, "journals")), "must be a fleet bench --out folder (with journals/)");
        var command = new Command("simulate", "Simulate a scenario on a virtual clock with the core's policies and report the bench's numbers")
        {
            scenario, workload, workers, slots, tasks, strategy, seed, json, calibrate, ownersFrom,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            if (parse.GetValue(calibrate) is { Length: > 0 } benchOutDirs)
            {
                WriteCalibration(ModelCalibration.Measure(benchOutDirs), parse.GetValue(json));
                return ExitCodes.Ok;
            }

            var chosen = SimulationScenarios.Find(parse.GetRequiredValue(scenario))!;
            var label = chosen.Name;
            IReadOnlyList<WorkloadTask> taskList;
            if (parse.GetValue(workload) is { } path)
            {
                if (!WorkloadJson.TryRead(path, out var file, out var error))
                {
                    return CliOutput.UsageError($"--workload {path}: {error}");
                }

                label = file.Scenario ?? Path.GetFileNameWithoutExtension(path);
                taskList = parse.GetGiven(tasks) is { } first ? [.. file.Tasks.Take(first)] : file.Tasks;
            }
            else
            {
                taskList = SimulationScenarios.Workload(chosen, parse.GetGiven(tasks)).Tasks;
            }

            var fleet = chosen.Fleet(parse.GetGiven(workers) ?? chosen.Workers, parse.GetGiven(slots) ?? chosen.Slots);
            IReadOnlyDictionary<string, string>? keyOwners = null;
            if (parse.GetValue(ownersFrom) is { } benchOutDir)
            {
                if (!KeyOwners.TryRead(benchOutDir, chosen.Name, out var owners, out var error))
                {
                    return CliOutput.UsageError($"--owners-from {benchOutDir}: {error}");
                }

                keyOwners = owners.Owners;
                var workloadKeys = taskList.Select(task => task.Key).ToHashSet(StringComparer.Ordinal);
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"simulate: key owners from {owners.Run}: {keyOwners.Count} keys, {workloadKeys.Count(keyOwners.ContainsKey)} of the workload's {workloadKeys.Count} (any other key by the hash ring)"));
            }

            var results = new List<BenchResult>();
            foreach (var name in SimulationStrategies.Parse(parse.GetRequiredValue(strategy))!)
            {
                ct.ThrowIfCancellationRequested();
                var setup = new SimulationSetup { Scenario = label, Strategy = name, Workers = fleet, Tasks = taskList, Seed = parse.GetValue(seed), KeyOwners = keyOwners };
                var result = await RunAsync(setup);
                results.Add(result);
                if (parse.GetValue(json))
                {
                    Console.WriteLine(BenchView.ToJsonLine(result));
                }
            }

            if (!parse.GetValue(json))
            {
                BenchView.WriteText(results, Console.Out);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void WriteCalibration(IReadOnlyList<MeasuredCost> costs, bool json)
    {
        if (json)
        {
            CliOutput.WriteJson(costs);
            return;
        }

        foreach (var cost in costs)
        {
            // The lease wait is a check, not a setting: beside it, the fetch it should be close to.
            var beside = cost.Setting == ModelCalibration.LeaseFirstWait ? $"check: StealFetchMs default {cost.DefaultMs} ms" : $"default {cost.DefaultMs} ms";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cost.Setting,-16} measured {cost.Ms?.ToString("F2", CultureInfo.InvariantCulture) ?? "-",7} ms over {cost.Samples,6} samples ({beside})"));
        }
    }

    /// <summary>One strategy's simulation; wall time and, for long runs, progress go to stderr.</summary>
    private static async Task<BenchResult> RunAsync(SimulationSetup setup)
    {
        var wall = Stopwatch.StartNew();
        var simulator = new FleetSimulator(setup);
        SimulationReport report;
        if (simulator.TaskCount >= ProgressFromTasks)
        {
            await using var ticker = new ProgressTicker(
                () => $"simulate {setup.Strategy}: {simulator.Completed:N0}/{simulator.TaskCount:N0} tasks done, {wall.Elapsed.TotalSeconds:F0} s",
                TimeProvider.System);
            report = simulator.Run();
        }
        else
        {
            report = simulator.Run();
        }

        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"simulate {setup.Strategy}: {setup.Workers.Count} workers, {simulator.TaskCount} tasks in {wall.Elapsed.TotalSeconds:F1} s wall; {report.StealRequests} steal requests, {report.LeaseSteals} lease steals"));
        return report.Result;
    }
}
