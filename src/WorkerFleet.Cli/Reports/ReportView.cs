namespace WorkerFleet.Cli.Reports;

/// <summary>Prints a journal summary as text (the JSON form is the summary itself).</summary>
internal static class ReportView
{
    public static void WriteText(JournalSummary summary, TextWriter writer)
    {
        var dead = summary.DeadLettered.Values.Sum();
        var reasons = dead == 0 ? string.Empty : $" ({string.Join(", ", summary.DeadLettered.Select(pair => $"{pair.Key} {pair.Value}"))})";
        writer.WriteLine($"settled {summary.Settled}: {summary.Completed} completed, {dead} dead-lettered{reasons}, "
            + $"{summary.Duplicates} duplicates; makespan {summary.MakespanSeconds:F2} s");

        var levels = new TextTable("level", "completed", "wait p50 ms", "p90", "p99", "max");
        foreach (var (level, stats) in summary.PerLevel)
        {
            var wait = stats.WaitMs;
            levels.Add(level, $"{stats.Completed}", Ms(wait?.P50), Ms(wait?.P90), Ms(wait?.P99), Ms(wait?.Max));
        }

        WriteSection(writer, levels);

        var workers = new TextTable("worker", "completed", "from other queues");
        foreach (var (worker, stats) in summary.PerWorker)
        {
            workers.Add(worker, $"{stats.Completed}", $"{stats.FromOtherQueues}");
        }

        WriteSection(writer, workers);
        if (summary.PerTenant.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"tenants: {string.Join(", ", summary.PerTenant.Select(pair => $"{pair.Key} {pair.Value}"))}");
        }
    }

    private static void WriteSection(TextWriter writer, TextTable table)
    {
        if (table.Count > 0)
        {
            writer.WriteLine();
            table.WriteTo(writer);
        }
    }

    private static string Ms(long? value) => value is { } ms ? $"{ms}" : "-";
}
