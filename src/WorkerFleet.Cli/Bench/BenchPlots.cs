using System.Globalization;
using ScottPlot;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// PNG plots of a scenario's runs (ScottPlot): per strategy, each worker's completed tasks over
/// time (a balanced fleet's lines end together), and one plot of the wait distributions per
/// strategy and level. Times count from the run's first submit; the load plots of one scenario
/// share their axes, so they compare at a glance.
/// </summary>
internal static class BenchPlots
{
    private const int Width = 900;
    private const int Height = 500;

    private static readonly LinePattern[] LevelPatterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>Writes the plots into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<BenchObservation> runs)
    {
        if (runs.Count == 0)
        {
            return [];
        }

        var loads = runs.Select(run => (Run: run, Lines: LoadLines(run))).ToList();
        var lines = loads.SelectMany(load => load.Lines.Values).Where(line => line.Length > 0).ToList();
        var maxSeconds = lines.Count > 0 ? lines.Max(line => line[^1]) : 1;
        var maxTasks = lines.Count > 0 ? lines.Max(line => line.Length) : 1;
        var paths = loads.Select(load => WriteLoad(directory, load.Run, load.Lines, maxSeconds, maxTasks)).ToList();
        paths.Add(WriteWaits(directory, runs));
        return paths;
    }

    /// <summary>Per worker, the end times (s since the first submit) of its completed tasks, in order.</summary>
    private static SortedDictionary<string, double[]> LoadLines(BenchObservation run)
    {
        var origin = Origin(run);
        var lines = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var worker in run.Records.Where(BenchMetrics.IsCompleted).GroupBy(record => record.WorkerId, StringComparer.Ordinal))
        {
            lines[worker.Key] = [.. worker.Select(record => (record.EndedAtMs - origin) / 1000.0).Order()];
        }

        return lines;
    }

    private static string WriteLoad(string directory, BenchObservation run, SortedDictionary<string, double[]> lines, double maxSeconds, int maxTasks)
    {
        using var plot = new Plot();
        foreach (var (worker, ends) in lines)
        {
            // A step up at each completion, from (0, 0).
            double[] xs = [0, .. ends];
            double[] ys = [.. Enumerable.Range(0, ends.Length + 1).Select(count => (double)count)];
            var line = plot.Add.ScatterLine(xs, ys);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LegendText = worker;
        }

        if (run.Kill is { } kill)
        {
            var killed = plot.Add.VerticalLine((kill.AtUnixMs - Origin(run)) / 1000.0);
            killed.LinePattern = LinePattern.Dashed;
            killed.LegendText = $"{kill.WorkerId} killed";
        }

        plot.Title($"{run.Scenario}, strategy {run.Strategy}: tasks completed per worker");
        plot.XLabel("seconds since the first submit");
        plot.YLabel("tasks completed");
        plot.Axes.SetLimits(0, maxSeconds * 1.02, 0, maxTasks * 1.05);
        plot.ShowLegend(Alignment.UpperLeft);
        var path = Path.Combine(directory, $"{run.Scenario}-{run.Strategy}-load.png");
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>Cumulative distribution of submit-to-start waits: a colour per strategy, a line pattern per level; log time axis.</summary>
    private static string WriteWaits(string directory, IReadOnlyList<BenchObservation> runs)
    {
        using var plot = new Plot();
        for (var r = 0; r < runs.Count; r++)
        {
            var color = plot.Add.Palette.GetColor(r);
            var levels = runs[r].Records.Where(record => record.SubmittedAtMs is not null)
                .GroupBy(record => record.Level, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal).ToList();
            for (var l = 0; l < levels.Count; l++)
            {
                // Waits under 1 ms are drawn at 1 ms: the axis is logarithmic.
                var waits = levels[l].Select(record => Math.Log10(Math.Max(1, record.StartedAtMs - record.SubmittedAtMs!.Value))).Order().ToArray();
                var shares = waits.Select((_, i) => (i + 1.0) / waits.Length).ToArray();
                var line = plot.Add.ScatterLine(waits, shares, color);
                line.LinePattern = LevelPatterns[l % LevelPatterns.Length];
                line.LegendText = $"{runs[r].Strategy} {levels[l].Key}";
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => Math.Pow(10, exponent).ToString("N0", CultureInfo.InvariantCulture),
        };
        plot.Title($"{runs[0].Scenario}: wait from submit to start, by strategy and level");
        plot.XLabel("wait (ms, log scale)");
        plot.YLabel("share of tasks waiting at most that long");
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        var path = Path.Combine(directory, $"{runs[0].Scenario}-waits.png");
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static long Origin(BenchObservation run) =>
        run.Records.Count == 0 ? 0 : run.Records.Min(record => record.SubmittedAtMs ?? record.StartedAtMs);
}
