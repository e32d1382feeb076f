namespace WorkerFleet.Scheduling;

/// <summary>Fairness and balance measures used by reports and benchmarks.</summary>
public static class FairnessMetrics
{
    /// <summary>Jain's fairness index (Σx)² / (n·Σx²): 1 when all equal, 1/n when one has everything.</summary>
    public static double JainIndex(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sum = values.Sum();
        var squares = values.Sum(v => v * v);
        return values.Count == 0 || squares == 0 ? 1.0 : sum * sum / (values.Count * squares);
    }
}
