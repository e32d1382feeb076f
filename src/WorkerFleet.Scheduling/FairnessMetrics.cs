namespace WorkerFleet.Scheduling;

/// <summary>Fairness measures over per-party service (tasks served, seconds of service, ...).</summary>
public static class FairnessMetrics
{
    /// <summary>
    /// Jain's fairness index (Σx)² / (n·Σx²): 1 when every party got the same, 1/n when one party got
    /// everything. Defined as 1 for no values or all zeros (nobody was treated worse than anybody).
    /// </summary>
    public static double JainIndex(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double sum = 0;
        double sumOfSquares = 0;
        foreach (var value in values)
        {
            sum += value;
            sumOfSquares += value * value;
        }

        return values.Count == 0 || sumOfSquares == 0 ? 1.0 : sum * sum / (values.Count * sumOfSquares);
    }
}
