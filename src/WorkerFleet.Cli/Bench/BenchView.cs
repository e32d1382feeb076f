using System.Globalization;
using System.Text.Json;

namespace WorkerFleet.Cli.Bench;

/// <summary>Prints bench results: one snake_case JSON object per line, or a table with one row per strategy.</summary>
internal static class BenchView
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string ToJsonLine(BenchResult result) => JsonSerializer.Serialize(result, Json);

    public static void WriteText(IReadOnlyList<BenchResult> results, TextWriter writer)
    {
        if (results.Count == 0)
        {
            return;
        }

        var first = results[0];
        writer.WriteLine($"{first.Scenario}: {first.Workers} workers x {first.Slots} slots, {first.Tasks} tasks, lower bound {first.LowerBoundS:F2} s");
        var table = new TextTable("strategy", "completed", "lost", "dup", "migrations", "makespan s", "ratio", "busy bound s", "affinity", "tasks/s", "jain",
            "wait p50/p99 ms", "load", "other");
        foreach (var result in results)
        {
            table.Add(result.Strategy, Number(result.Completed), Number(result.Lost), Number(result.Duplicates), Number(result.Migrations),
                $"{result.MakespanS:F2}", Fixed(result.MakespanRatio), $"{result.BusyBoundS:F2}", Fixed(result.AffinityHitRatio), $"{result.ThroughputPerS:F0}",
                Fixed(result.Jain), Waits(result), Fixed(result.LoadAvg1m), Other(result));
        }

        table.WriteTo(writer);
    }

    private static string Waits(BenchResult result) =>
        string.Join(", ", result.WaitMs.Select(pair => $"{pair.Key} {pair.Value.P50}/{pair.Value.P99}"));

    /// <summary>The scenario's own numbers: the ceilings (noop) or the crash (churn).</summary>
    private static string Other(BenchResult result) => result switch
    {
        { RawThroughputPerS: { } raw, RouteCeilingPerS: { } route } => $"raw {raw:F0}/s, ratio {Fixed(result.RatioToRaw)}; route {route:F0}/s, ratio {Fixed(result.RatioToRoute)}",
        { RawThroughputPerS: { } raw } => $"raw {raw:F0}/s, ratio {Fixed(result.RatioToRaw)}",
        { KilledWorker: { } killed } => $"{killed} killed; rebalance {Fixed(result.RebalanceS)} s, drained {Fixed(result.DrainedS)} s",
        _ => string.Empty,
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Fixed(double? value) => value is { } number ? number.ToString("F2", CultureInfo.InvariantCulture) : "-";
}
