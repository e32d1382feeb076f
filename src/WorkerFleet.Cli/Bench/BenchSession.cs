using WorkerFleet.Cli.Workloads;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// One <c>fleet bench</c> invocation: the scenario once per strategy in the order given (noop: each
/// run right after its own measurement of the raw ceiling), each result printed as soon as it is
/// known with --json (a table at the end otherwise), then the plots and results under --out.
/// Journals go to --out/journals, or to a temporary folder deleted at the end.
/// </summary>
internal sealed class BenchSession(BenchScenario scenario, IReadOnlyList<WorkerSpec> fleet, WorkloadFile workload, string? outDir, bool json)
{
    public async Task RunAsync(IReadOnlyList<string> strategies, Uri broker, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var journalRoot = outDir is null
            ? Path.Combine(Path.GetTempPath(), $"fleet-bench-{Guid.NewGuid():N}")
            : Path.Combine(outDir, "journals");
        using var vhosts = new BrokerVhosts(broker);
        try
        {
            var run = new BenchRun(vhosts, clock);
            var observations = new List<BenchObservation>();
            var results = new List<BenchResult>();
            // Noop's ceilings publish the run's own tasks (one schedule for every strategy's pair).
            IReadOnlyList<FleetTask>? ceilingTasks = scenario.MeasuresRawCeiling
                ? [.. scenario.Schedule(workload, clock.GetUtcNow()).Select(scheduled => scheduled.Task)]
                : null;
            foreach (var strategy in strategies)
            {
                // The ceiling is measured right before each strategy's run: this machine's throughput
                // drifts by a third within minutes, and a ratio should compare neighbours.
                // The shared baseline publishes straight to its queue: the fleet's route is not its ceiling.
                var raw = await CeilingAsync(vhosts, ceilingTasks, RawRoute.DefaultExchange, clock, ct);
                var route = strategy == BenchStrategies.Shared ? null : await CeilingAsync(vhosts, ceilingTasks, RawRoute.FleetRoute, clock, ct);
                var observation = await run.RunAsync(scenario, fleet, workload, strategy, Path.Combine(journalRoot, $"{scenario.Name}-{strategy}"), ct);
                var result = BenchMetrics.Compute(observation) with { LoadAvg1m = LoadAverage() };
                if (raw > 0)
                {
                    result = result with { RawThroughputPerS = CliOutput.Round(raw.Value, 1), RatioToRaw = CliOutput.Round(result.ThroughputPerS / raw.Value) };
                }

                if (route > 0)
                {
                    result = result with { RouteCeilingPerS = CliOutput.Round(route.Value, 1), RatioToRoute = CliOutput.Round(result.ThroughputPerS / route.Value) };
                }

                observations.Add(observation);
                results.Add(result);
                if (json)
                {
                    Console.Out.WriteLine(BenchView.ToJsonLine(result));
                }
            }

            if (!json)
            {
                BenchView.WriteText(results, Console.Out);
            }

            if (outDir is not null)
            {
                await File.WriteAllLinesAsync(Path.Combine(outDir, $"{scenario.Name}.jsonl"), results.Select(BenchView.ToJsonLine), ct);
                foreach (var plot in BenchPlots.Write(outDir, observations))
                {
                    await Console.Error.WriteLineAsync($"fleet: wrote {plot}");
                }
            }
        }
        finally
        {
            if (outDir is null && Directory.Exists(journalRoot))
            {
                Directory.Delete(journalRoot, recursive: true);
            }
        }
    }

    /// <summary>Noop's ceilings (null without <paramref name="tasks"/>: other scenarios), each on a vhost of its own.</summary>
    private async Task<double?> CeilingAsync(BrokerVhosts vhosts, IReadOnlyList<FleetTask>? tasks, RawRoute route, TimeProvider clock, CancellationToken ct)
    {
        if (tasks is null)
        {
            return null;
        }

        var label = $"{scenario.Name}-{(route == RawRoute.FleetRoute ? "route" : "raw")}";
        var ringWeight = fleet.Sum(worker => worker.EffectiveRingWeight);
        return await vhosts.UseAsync(label, vhost => RawCeiling.MeasureAsync(vhost, tasks, route, ringWeight, clock, ct), ct);
    }

    /// <summary>The first field of /proc/loadavg; null where there is none.</summary>
    private static double? LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.TryParse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
